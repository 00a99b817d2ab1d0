package io.gridwork.protocol.tx;

import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;

/** The provider gives up a lease; its unfinished units go back to auction. */
public record CloseLease(Hash leaseId) implements TxBody {
  public CloseLease {
    Objects.requireNonNull(leaseId, "leaseId");
  }

  @Override
  public TxKind kind() {
    return TxKind.CLOSE_LEASE;
  }
}
