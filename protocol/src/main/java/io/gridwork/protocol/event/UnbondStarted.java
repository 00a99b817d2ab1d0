package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import java.util.Objects;
import java.util.SortedMap;

/** Stake left the bonded amount and returns to the balance at {@code releaseHeight}. */
public record UnbondStarted(Address owner, long amount, long stake, long releaseHeight)
    implements LedgerEvent {
  public static final String TYPE = "unbond_started";

  public UnbondStarted {
    Objects.requireNonNull(owner, "owner");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public SortedMap<String, String> attributes() {
    return new AttributeWriter()
        .address("owner", owner)
        .number("amount", amount)
        .number("stake", stake)
        .number("releaseHeight", releaseHeight)
        .toMap();
  }

  static UnbondStarted read(AttributeReader a) {
    return new UnbondStarted(
        a.address("owner"), a.number("amount"), a.number("stake"), a.number("releaseHeight"));
  }
}
