package io.gridwork.protocol.event;

import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;
import java.util.SortedMap;

/** A lease recorded a checkpoint of a unit, from which a re-run may resume. */
public record CheckpointSaved(Hash leaseId, Hash jobId, int unit, Hash checkpoint)
    implements LedgerEvent {
  public static final String TYPE = "checkpoint_saved";

  public CheckpointSaved {
    Objects.requireNonNull(leaseId, "leaseId");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(checkpoint, "checkpoint");
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
        .number("unit", unit)
        .hash("checkpoint", checkpoint)
        .toMap();
  }

  static CheckpointSaved read(AttributeReader a) {
    return new CheckpointSaved(
        a.hash("lease"), a.hash("job"), a.intNumber("unit"), a.hash("checkpoint"));
  }
}
