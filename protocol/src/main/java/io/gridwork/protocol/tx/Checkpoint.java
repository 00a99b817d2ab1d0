package io.gridwork.protocol.tx;

import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;

/**
 * The lease holder saved the progress of batch unit {@code unit}: {@code checkpointHash} names a
 * blob, already in the blob store, holding the packed checkpoint directory, so that a run of the
 * unit elsewhere can start from it rather than from the beginning.
 */
public record Checkpoint(Hash leaseId, int unit, Hash checkpointHash) implements TxBody {
  public Checkpoint {
    Objects.requireNonNull(leaseId, "leaseId");
    Objects.requireNonNull(checkpointHash, "checkpointHash");
  }

  @Override
  public TxKind kind() {
    return TxKind.CHECKPOINT;
  }
}
