package io.gridwork.protocol.event;

/** Why an audit slashed a provider; the names are the event's spelling. */
public enum SlashReason {
  /** The provider's result was outvoted by two audits. */
  WRONG_RESULT,
  /** The auditor's disputing result was outvoted by the tie-break. */
  WRONG_AUDIT
}
