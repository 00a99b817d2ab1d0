package io.gridwork.protocol.event;

import io.gridwork.protocol.crypto.Hash;

/** A unit drawn for audit was left unaudited. */
@EventType("audit_skipped")
public record AuditSkipped(Hash jobId, int unit, AuditSkipReason reason) implements LedgerEvent {}
