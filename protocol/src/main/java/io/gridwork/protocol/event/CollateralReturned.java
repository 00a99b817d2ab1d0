package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;
import java.util.SortedMap;

/** A bid's or lease's collateral went back to its provider. */
public record CollateralReturned(Hash jobId, Address provider, long amount) implements LedgerEvent {
  public static final String TYPE = "collateral_returned";

  public CollateralReturned {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(provider, "provider");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public SortedMap<String, String> attributes() {
    return new AttributeWriter()
        .hash("job", jobId)
        .address("provider", provider)
        .number("amount", amount)
        .toMap();
  }

  static CollateralReturned read(AttributeReader a) {
    return new CollateralReturned(a.hash("job"), a.address("provider"), a.number("amount"));
  }
}
