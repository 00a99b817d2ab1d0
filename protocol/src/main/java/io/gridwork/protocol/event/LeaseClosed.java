package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.CloseReason;
import java.util.Objects;
import java.util.SortedMap;

/** A lease ended for {@code reason}. */
public record LeaseClosed(Hash leaseId, Hash jobId, Address provider, CloseReason reason)
    implements LedgerEvent {
  public static final String TYPE = "lease_closed";

  public LeaseClosed {
    Objects.requireNonNull(leaseId, "leaseId");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(reason, "reason");
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
        .closeReason("reason", reason)
        .toMap();
  }

  static LeaseClosed read(AttributeReader a) {
    return new LeaseClosed(
        a.hash("lease"), a.hash("job"), a.address("provider"), a.closeReason("reason"));
  }
}
