package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;
import java.util.SortedMap;

/** A suspended lease's provider sent a heartbeat again. */
public record LeaseResumed(Hash leaseId, Hash jobId, Address provider) implements LedgerEvent {
  public static final String TYPE = "lease_resumed";

  public LeaseResumed {
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
        .toMap();
  }

  static LeaseResumed read(AttributeReader a) {
    return new LeaseResumed(a.hash("lease"), a.hash("job"), a.address("provider"));
  }
}
