package io.gridwork.protocol.tx;

import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;

/** The buyer ends a job: its leases are settled and closed and unused escrow comes back. */
public record CloseJob(Hash jobId) implements TxBody {
  public CloseJob {
    Objects.requireNonNull(jobId, "jobId");
  }

  @Override
  public TxKind kind() {
    return TxKind.CLOSE_JOB;
  }
}
