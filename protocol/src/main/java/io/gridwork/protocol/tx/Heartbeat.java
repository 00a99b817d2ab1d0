package io.gridwork.protocol.tx;

import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;

/** The lease holder says the lease's work is still running. */
public record Heartbeat(Hash leaseId) implements TxBody {
  public Heartbeat {
    Objects.requireNonNull(leaseId, "leaseId");
  }

  @Override
  public TxKind kind() {
    return TxKind.HEARTBEAT;
  }
}
