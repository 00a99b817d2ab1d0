package io.gridwork.chain.audit;

import io.gridwork.chain.exec.Rejection;

/** Why the ledger refused an audit result; the names are the stable result codes. */
public enum AuditError {
  /** No audit was ever assigned for that unit of that job. */
  AUDIT_NOT_FOUND,
  /** The unit's audit is over: answered, timed out and handed on, or cancelled. */
  AUDIT_CLOSED,
  /** The unit's open audit is assigned to another provider. */
  NOT_ASSIGNED_AUDITOR;

  public Rejection reject(String message) {
    return new Rejection(name(), message);
  }
}
