package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import java.util.Objects;
import java.util.SortedMap;

/** Unbonded stake came back to its owner's balance. */
public record UnbondCompleted(Address owner, long amount) implements LedgerEvent {
  public static final String TYPE = "unbond_completed";

  public UnbondCompleted {
    Objects.requireNonNull(owner, "owner");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public SortedMap<String, String> attributes() {
    return new AttributeWriter().address("owner", owner).number("amount", amount).toMap();
  }

  static UnbondCompleted read(AttributeReader a) {
    return new UnbondCompleted(a.address("owner"), a.number("amount"));
  }
}
