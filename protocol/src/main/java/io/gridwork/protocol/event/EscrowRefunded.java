package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;
import java.util.SortedMap;

/** A finished job's unused escrow went back to its buyer. */
public record EscrowRefunded(Hash jobId, Address buyer, long amount) implements LedgerEvent {
  public static final String TYPE = "escrow_refunded";

  public EscrowRefunded {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(buyer, "buyer");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public SortedMap<String, String> attributes() {
    return new AttributeWriter()
        .hash("job", jobId)
        .address("buyer", buyer)
        .number("amount", amount)
        .toMap();
  }

  static EscrowRefunded read(AttributeReader a) {
    return new EscrowRefunded(a.hash("job"), a.address("buyer"), a.number("amount"));
  }
}
