package io.gridwork.protocol.event;

import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;
import java.util.SortedMap;

/** A tie-break found no two results agreeing, so the dispute was dropped. */
public record AuditInconclusive(Hash jobId, int unit) implements LedgerEvent {
  public static final String TYPE = "audit_inconclusive";

  public AuditInconclusive {
    Objects.requireNonNull(jobId, "jobId");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public SortedMap<String, String> attributes() {
    return new AttributeWriter().hash("job", jobId).number("unit", unit).toMap();
  }

  static AuditInconclusive read(AttributeReader a) {
    return new AuditInconclusive(a.hash("job"), a.intNumber("unit"));
  }
}
