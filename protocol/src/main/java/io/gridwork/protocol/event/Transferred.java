package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import java.util.Objects;
import java.util.SortedMap;

/** Tokens moved from one balance to another. */
public record Transferred(Address from, Address to, long amount) implements LedgerEvent {
  public static final String TYPE = "transfer";

  public Transferred {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public SortedMap<String, String> attributes() {
    return new AttributeWriter()
        .address("from", from)
        .address("to", to)
        .number("amount", amount)
        .toMap();
  }

  static Transferred read(AttributeReader a) {
    return new Transferred(a.address("from"), a.address("to"), a.number("amount"));
  }
}
