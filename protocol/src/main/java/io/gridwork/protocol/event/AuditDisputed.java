package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;
import java.util.SortedMap;

/** An auditor's result differs from the provider's, so a tie-break audit follows. */
public record AuditDisputed(Hash jobId, int unit, Address auditor, Hash output, Hash expected)
    implements LedgerEvent {
  public static final String TYPE = "audit_disputed";

  public AuditDisputed {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(auditor, "auditor");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(expected, "expected");
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
        .hash("output", output)
        .hash("expected", expected)
        .toMap();
  }

  static AuditDisputed read(AttributeReader a) {
    return new AuditDisputed(
        a.hash("job"),
        a.intNumber("unit"),
        a.address("auditor"),
        a.hash("output"),
        a.hash("expected"));
  }
}
