package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;
import java.util.SortedMap;

/** A unit became final and its price was paid out of escrow. */
public record UnitCompleted(
    Hash leaseId,
    Hash jobId,
    Address provider,
    int unit,
    Hash output,
    long amount,
    long paid,
    long fee,
    long verificationFee)
    implements LedgerEvent {
  public static final String TYPE = "unit_completed";

  public UnitCompleted {
    Objects.requireNonNull(leaseId, "leaseId");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(output, "output");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public SortedMap<String, String> attributes() {
    return new AttributeWriter()
        .hash("lease", leaseId)
        .hash("job", jobId)
        .address("provider", provider)
        .number("unit", unit)
        .hash("output", output)
        .number("amount", amount)
        .number("paid", paid)
        .number("fee", fee)
        .number("verificationFee", verificationFee)
        .toMap();
  }

  static UnitCompleted read(AttributeReader a) {
    return new UnitCompleted(
        a.hash("lease"),
        a.hash("job"),
        a.address("provider"),
        a.intNumber("unit"),
        a.hash("output"),
        a.number("amount"),
        a.number("paid"),
        a.number("fee"),
        a.number("verificationFee"));
  }
}
