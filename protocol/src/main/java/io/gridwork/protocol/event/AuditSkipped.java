package io.gridwork.protocol.event;

import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;
import java.util.SortedMap;

/** A unit drawn for audit was left unaudited. */
public record AuditSkipped(Hash jobId, int unit, AuditSkipReason reason) implements LedgerEvent {
  public static final String TYPE = "audit_skipped";

  public AuditSkipped {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(reason, "reason");
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
        .skipReason("reason", reason)
        .toMap();
  }

  static AuditSkipped read(AttributeReader a) {
    return new AuditSkipped(a.hash("job"), a.intNumber("unit"), a.skipReason("reason"));
  }
}
