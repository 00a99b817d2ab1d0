package io.gridwork.chain.audit;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.AuditStatus;
import java.util.Objects;

/**
 * One auditor's assignment to re-execute a unit: which run of the unit it checks (the lease, its
 * provider and the output hash it reported), the round (1, or 2 for the tie-break) and attempt
 * within the round, the auditor, where the assignment stands, the output hash the auditor reported
 * ({@code verdict}, null until it answers), the reward reserved for it from the verification pool,
 * and the heights it was assigned at and is due by. {@code seq} orders a unit's assignments.
 */
public record AuditRecord(
    Hash jobId,
    int unit,
    int seq,
    Hash leaseId,
    Address provider,
    Hash expected,
    int round,
    int attempt,
    Address auditor,
    AuditStatus status,
    Hash verdict,
    long reserved,
    long assignedHeight,
    long deadline) {
  public AuditRecord {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(leaseId, "leaseId");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(auditor, "auditor");
    Objects.requireNonNull(status, "status");
  }

  AuditRecord with(AuditStatus next, Hash result, long due) {
    return new AuditRecord(
        jobId,
        unit,
        seq,
        leaseId,
        provider,
        expected,
        round,
        attempt,
        auditor,
        next,
        result,
        reserved,
        assignedHeight,
        due);
  }

  AuditRecord with(AuditStatus next) {
    return with(next, verdict, deadline);
  }
}
