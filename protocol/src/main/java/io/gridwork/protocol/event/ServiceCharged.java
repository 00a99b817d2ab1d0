package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;
import java.util.SortedMap;

/**
 * A service lease was charged for {@code blocks} blocks: {@code paid} to the provider and {@code
 * fee} to the network.
 */
public record ServiceCharged(
    Hash leaseId, Hash jobId, Address provider, long blocks, long amount, long paid, long fee)
    implements LedgerEvent {
  public static final String TYPE = "service_charged";

  public ServiceCharged {
    Objects.requireNonNull(leaseId, "leaseId");
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
        .hash("lease", leaseId)
        .hash("job", jobId)
        .address("provider", provider)
        .number("blocks", blocks)
        .number("amount", amount)
        .number("paid", paid)
        .number("fee", fee)
        .toMap();
  }

  static ServiceCharged read(AttributeReader a) {
    return new ServiceCharged(
        a.hash("lease"),
        a.hash("job"),
        a.address("provider"),
        a.number("blocks"),
        a.number("amount"),
        a.number("paid"),
        a.number("fee"));
  }
}
