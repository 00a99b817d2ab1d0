package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import java.util.Objects;
import java.util.SortedMap;

/** A transaction's fee was taken from its payer. */
public record FeePaid(Address payer, long amount) implements LedgerEvent {
  public static final String TYPE = "fee_paid";

  public FeePaid {
    Objects.requireNonNull(payer, "payer");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public SortedMap<String, String> attributes() {
    return new AttributeWriter().address("payer", payer).number("amount", amount).toMap();
  }

  static FeePaid read(AttributeReader a) {
    return new FeePaid(a.address("payer"), a.number("amount"));
  }
}
