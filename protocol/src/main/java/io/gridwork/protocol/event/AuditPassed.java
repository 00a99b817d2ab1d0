package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;
import java.util.SortedMap;

/** An auditor's result was confirmed and its reward paid. */
public record AuditPassed(Hash jobId, int unit, Address auditor, long reward)
    implements LedgerEvent {
  public static final String TYPE = "audit_passed";

  public AuditPassed {
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
        .number("reward", reward)
        .toMap();
  }

  static AuditPassed read(AttributeReader a) {
    return new AuditPassed(
        a.hash("job"), a.intNumber("unit"), a.address("auditor"), a.number("reward"));
  }
}
