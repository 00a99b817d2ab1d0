package io.gridwork.protocol.event;

import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.CloseReason;
import java.util.Objects;
import java.util.SortedMap;

/** A unit went back to auction because its lease closed for {@code reason}. */
public record UnitRequeued(Hash jobId, int unit, CloseReason reason) implements LedgerEvent {
  public static final String TYPE = "unit_requeued";

  public UnitRequeued {
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
        .closeReason("reason", reason)
        .toMap();
  }

  static UnitRequeued read(AttributeReader a) {
    return new UnitRequeued(a.hash("job"), a.intNumber("unit"), a.closeReason("reason"));
  }
}
