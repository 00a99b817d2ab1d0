package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;

/** An auditor did not answer by its deadline. */
@EventType("audit_timed_out")
public record AuditTimedOut(Hash jobId, int unit, Address auditor, int round)
    implements LedgerEvent {}
