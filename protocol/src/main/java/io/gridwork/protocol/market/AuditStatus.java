package io.gridwork.protocol.market;

/**
 * Where one auditor's assignment stands. The first two hold the auditor's reward reserved out of
 * the verification pool; every other status has settled it, paid or given back.
 *
 * <pre>
 * OPEN ──same hash as the provider (round 1)──────────────────────▶ PAID
 *  │  ──other hash (round 1)──▶ DISPUTED ──tie-break agrees with it──▶ PAID
 *  │                               │      ──tie-break agrees with the provider──▶ OVERRULED
 *  │                               └──── no two hashes agree ──▶ INCONCLUSIVE
 *  │  ──round 2: agrees with one side──▶ PAID, agrees with neither──▶ INCONCLUSIVE
 *  ├── deadline passes ──▶ TIMED_OUT
 *  └── unit released (its provider slashed) first ──▶ CANCELLED
 * </pre>
 */
public enum AuditStatus {
  /** Assigned; waiting for the auditor's result until the deadline. */
  OPEN(0),
  /** A round-one result that differs from the provider's, waiting for the tie-break. */
  DISPUTED(1),
  /** The result was confirmed and the auditor was paid the reserved reward. */
  PAID(2),
  /** The tie-break found this auditor wrong: slashed, the reward went back to the pool. */
  OVERRULED(3),
  /** No two results agreed: nobody was slashed and the reward went back to the pool. */
  INCONCLUSIVE(4),
  /** No result by the deadline: the reward went back to the pool and another auditor was tried. */
  TIMED_OUT(5),
  /** The unit was released before the audit ended: the reward went back to the pool. */
  CANCELLED(6);

  // Stored codes are part of the state root, so they are fixed here, not enum ordinals.
  private final int code;

  AuditStatus(int code) {
    this.code = code;
  }

  /** The code stored for it in ledger state. */
  public int code() {
    return code;
  }

  /** The value stored as {@code code}. */
  public static AuditStatus ofCode(int code) {
    for (AuditStatus s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalStateException("unknown audit status " + code);
  }

  /** True while the audit still holds its reward reserved: it has not been resolved. */
  public boolean unresolved() {
    return this == OPEN || this == DISPUTED;
  }
}
