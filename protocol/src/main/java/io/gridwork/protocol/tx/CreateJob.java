package io.gridwork.protocol.tx;

import io.gridwork.protocol.spec.JobSpec;
import java.util.Objects;

/**
 * Posts a job: the spec says what to run and the most the sender pays, and its deposit moves from
 * the sender's balance into the job's escrow. The job's id is {@link JobIds#jobId} of the sender
 * and this transaction's nonce.
 */
public record CreateJob(JobSpec spec) implements TxBody {
  public CreateJob {
    Objects.requireNonNull(spec, "spec");
  }

  @Override
  public TxKind kind() {
    return TxKind.CREATE_JOB;
  }
}
