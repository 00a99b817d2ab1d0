package io.gridwork.protocol.tx;

import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;

/** The buyer adds {@code amount} ugrid to a job's escrow, e.g. to keep a service running. */
public record DepositMore(Hash jobId, long amount) implements TxBody {
  public DepositMore {
    Objects.requireNonNull(jobId, "jobId");
  }

  @Override
  public TxKind kind() {
    return TxKind.DEPOSIT_MORE;
  }
}
