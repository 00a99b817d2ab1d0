package io.gridwork.protocol.event;

/** Why a unit drawn for audit was left unaudited; the names are the event's spelling. */
public enum AuditSkipReason {
  /** No other provider could audit the unit. */
  NO_ELIGIBLE_AUDITOR,
  /** The verification pool could not reserve the auditor's reward. */
  POOL_SHORT,
  /** Every auditor drawn in turn let its deadline pass. */
  ATTEMPTS_EXHAUSTED
}
