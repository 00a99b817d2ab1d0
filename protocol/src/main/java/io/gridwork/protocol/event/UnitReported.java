package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;
import java.util.SortedMap;

/** A provider reported a unit's output, final at {@code finalAt} unless an audit finds it wrong. */
public record UnitReported(
    Hash leaseId, Hash jobId, Address provider, int unit, Hash output, long finalAt)
    implements LedgerEvent {
  public static final String TYPE = "unit_reported";

  public UnitReported {
    Objects.requireNonNull(leaseId, "leaseId");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(output, "output");
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
        .number("unit", unit)
        .hash("output", output)
        .number("finalAt", finalAt)
        .toMap();
  }

  static UnitReported read(AttributeReader a) {
    return new UnitReported(
        a.hash("lease"),
        a.hash("job"),
        a.address("provider"),
        a.intNumber("unit"),
        a.hash("output"),
        a.number("finalAt"));
  }
}
