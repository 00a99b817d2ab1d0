package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;
import java.util.SortedMap;

/** A lease missed its heartbeats past the grace period. */
public record LeaseSuspended(Hash leaseId, Hash jobId, Address provider, long lastHeartbeat)
    implements LedgerEvent {
  public static final String TYPE = "lease_suspended";

  public LeaseSuspended {
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
        .number("lastHeartbeat", lastHeartbeat)
        .toMap();
  }

  static LeaseSuspended read(AttributeReader a) {
    return new LeaseSuspended(
        a.hash("lease"), a.hash("job"), a.address("provider"), a.number("lastHeartbeat"));
  }
}
