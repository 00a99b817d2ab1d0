package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;
import java.util.SortedMap;

/** An auditor did not answer by its deadline. */
public record AuditTimedOut(Hash jobId, int unit, Address auditor, int round)
    implements LedgerEvent {
  public static final String TYPE = "audit_timed_out";

  public AuditTimedOut {
    Objects.requireNonNull(jobId, "jobId");
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
        .address("auditor", auditor)
        .number("round", round)
        .toMap();
  }

  static AuditTimedOut read(AttributeReader a) {
    return new AuditTimedOut(
        a.hash("job"), a.intNumber("unit"), a.address("auditor"), a.intNumber("round"));
  }
}
