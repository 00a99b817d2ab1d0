package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;
import java.util.SortedMap;

/** A buyer topped up a job's escrow; {@code escrow} is the balance after. */
public record EscrowDeposited(Hash jobId, Address buyer, long amount, long escrow)
    implements LedgerEvent {
  public static final String TYPE = "escrow_deposited";

  public EscrowDeposited {
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
        .number("escrow", escrow)
        .toMap();
  }

  static EscrowDeposited read(AttributeReader a) {
    return new EscrowDeposited(
        a.hash("job"), a.address("buyer"), a.number("amount"), a.number("escrow"));
  }
}
