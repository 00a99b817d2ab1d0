package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;
import java.util.SortedMap;

/** A provider's stake was cut: {@code toBuyer} to the job's buyer, {@code burned} destroyed. */
public record Slashed(
    Address provider,
    Hash jobId,
    int unit,
    long amount,
    long toBuyer,
    long burned,
    SlashReason reason)
    implements LedgerEvent {
  public static final String TYPE = "slashed";

  public Slashed {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public SortedMap<String, String> attributes() {
    return new AttributeWriter()
        .address("provider", provider)
        .hash("job", jobId)
        .number("unit", unit)
        .number("amount", amount)
        .number("toBuyer", toBuyer)
        .number("burned", burned)
        .slashReason("reason", reason)
        .toMap();
  }

  static Slashed read(AttributeReader a) {
    return new Slashed(
        a.address("provider"),
        a.hash("job"),
        a.intNumber("unit"),
        a.number("amount"),
        a.number("toBuyer"),
        a.number("burned"),
        a.slashReason("reason"));
  }
}
