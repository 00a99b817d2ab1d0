package io.gridwork.protocol.event;

import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;
import java.util.SortedMap;

/** Every unit of a job is final. */
public record JobDone(Hash jobId) implements LedgerEvent {
  public static final String TYPE = "job_done";

  public JobDone {
    Objects.requireNonNull(jobId, "jobId");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public SortedMap<String, String> attributes() {
    return new AttributeWriter().hash("job", jobId).toMap();
  }

  static JobDone read(AttributeReader a) {
    return new JobDone(a.hash("job"));
  }
}
