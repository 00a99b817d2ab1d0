package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;

/** An auditor's result differs from the provider's, so a tie-break audit follows. */
@EventType("audit_disputed")
public record AuditDisputed(Hash jobId, int unit, Address auditor, Hash output, Hash expected)
    implements LedgerEvent {}
