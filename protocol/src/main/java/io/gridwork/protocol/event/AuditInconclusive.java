package io.gridwork.protocol.event;

import io.gridwork.protocol.crypto.Hash;

/** A tie-break found no two results agreeing, so the dispute was dropped. */
@EventType("audit_inconclusive")
public record AuditInconclusive(Hash jobId, int unit) implements LedgerEvent {}
