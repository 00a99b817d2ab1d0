package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;

/** An auditor's result was confirmed and its reward paid. */
@EventType("audit_passed")
public record AuditPassed(Hash jobId, int unit, Address auditor, long reward)
    implements LedgerEvent {}
