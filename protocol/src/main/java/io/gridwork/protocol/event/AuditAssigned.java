package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;

/** An auditor was drawn to re-execute a unit by {@code deadline}. */
@EventType("audit_assigned")
public record AuditAssigned(
    Hash jobId,
    int unit,
    Hash leaseId,
    Address provider,
    Address auditor,
    int round,
    long deadline,
    long reward)
    implements LedgerEvent {}
