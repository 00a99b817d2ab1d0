package io.gridwork.protocol.tx;

import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;

/**
 * The provider assigned to audit batch unit {@code unit} of job {@code jobId} reports the output
 * hash it got by re-executing the unit; the ledger compares it with the hash the unit's provider
 * reported.
 */
public record AuditResult(Hash jobId, int unit, Hash outputHash) implements TxBody {
  public AuditResult {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(outputHash, "outputHash");
  }

  @Override
  public TxKind kind() {
    return TxKind.AUDIT_RESULT;
  }
}
