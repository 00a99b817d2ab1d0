package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;
import java.util.SortedMap;

/** An auditor was drawn to re-execute a unit by {@code deadline}. */
public record AuditAssigned(
    Hash jobId,
    int unit,
    Hash leaseId,
    Address provider,
    Address auditor,
    int round,
    long deadline,
    long reward)
    implements LedgerEvent {
  public static final String TYPE = "audit_assigned";

  public AuditAssigned {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(leaseId, "leaseId");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(auditor, "auditor");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public SortedMap<String, String> attributes() {
    return new AttributeWriter()
        .hash("job", jobId)
        .number("unit", unit)
        .hash("lease", leaseId)
        .address("provider", provider)
        .address("auditor", auditor)
        .number("round", round)
        .number("deadline", deadline)
        .number("reward", reward)
        .toMap();
  }

  static AuditAssigned read(AttributeReader a) {
    return new AuditAssigned(
        a.hash("job"),
        a.intNumber("unit"),
        a.hash("lease"),
        a.address("provider"),
        a.address("auditor"),
        a.intNumber("round"),
        a.number("deadline"),
        a.number("reward"));
  }
}
