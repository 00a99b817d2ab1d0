package io.gridwork.protocol.event;

import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.CloseReason;
import java.util.Objects;
import java.util.SortedMap;

/** A job ended before all its work was done. */
public record JobClosed(Hash jobId, CloseReason reason) implements LedgerEvent {
  public static final String TYPE = "job_closed";

  public JobClosed {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public SortedMap<String, String> attributes() {
    return new AttributeWriter().hash("job", jobId).closeReason("reason", reason).toMap();
  }

  static JobClosed read(AttributeReader a) {
    return new JobClosed(a.hash("job"), a.closeReason("reason"));
  }
}
