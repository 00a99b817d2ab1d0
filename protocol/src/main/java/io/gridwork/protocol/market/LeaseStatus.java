package io.gridwork.protocol.market;

/**
 * Whether a lease still runs; a closed lease records why in its close reason.
 *
 * <pre>
 * ACTIVE ──silent past the grace period──▶ SUSPENDED ──silent until the timeout──▶ CLOSED
 *   ▲  ◀──────heartbeat or unit result───────┘                                       ▲
 *   └──────────── units done, provider or buyer closes, escrow exhausted ────────────┘
 * </pre>
 */
public enum LeaseStatus {
  /** Running, and charged per block if a service that has sent its first heartbeat. */
  ACTIVE(0),
  /** Ended; see the lease's close reason. */
  CLOSED(1),
  /** Open but silent past the grace period: not charged, waiting for a sign of life. */
  SUSPENDED(2);

  // Stored codes are part of the state root, so they are fixed here, not enum ordinals.
  private final int code;

  LeaseStatus(int code) {
    this.code = code;
  }

  /** The code stored for it in ledger state. */
  public int code() {
    return code;
  }

  /** The value stored as {@code code}. */
  public static LeaseStatus ofCode(int code) {
    for (LeaseStatus s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalStateException("unknown lease status " + code);
  }
}
