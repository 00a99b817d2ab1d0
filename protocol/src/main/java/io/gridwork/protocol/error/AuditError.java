package io.gridwork.protocol.error;

/** Why the ledger refused an audit result; the names are the stable result codes. */
public enum AuditError implements ErrorCode {
  /** No audit was ever assigned for that unit of that job. */
  AUDIT_NOT_FOUND,
  /** The unit's audit is over: answered, timed out and handed on, or cancelled. */
  AUDIT_CLOSED,
  /** The unit's open audit is assigned to another provider. */
  NOT_ASSIGNED_AUDITOR
}
