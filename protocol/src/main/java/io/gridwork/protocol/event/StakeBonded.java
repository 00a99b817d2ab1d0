package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import java.util.Objects;
import java.util.SortedMap;

/** A provider bonded more stake; {@code stake} is its bonded stake after. */
public record StakeBonded(Address owner, long amount, long stake) implements LedgerEvent {
  public static final String TYPE = "stake_bonded";

  public StakeBonded {
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
        .toMap();
  }

  static StakeBonded read(AttributeReader a) {
    return new StakeBonded(a.address("owner"), a.number("amount"), a.number("stake"));
  }
}
