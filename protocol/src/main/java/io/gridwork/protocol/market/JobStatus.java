package io.gridwork.protocol.market;

/**
 * Where a job is in its life.
 *
 * <pre>
 * OPEN ──auction assigns work──▶ ACTIVE ──all units done──▶ DONE
 *  │  ◀──last lease closes, work left──┘ │
 *  └──────────── buyer closes, no bids, escrow exhausted ──▶ CLOSED
 * </pre>
 */
public enum JobStatus {
  /** Taking bids; no active lease. */
  OPEN(0),
  /** At least one active lease; may also be taking bids for leftover units. */
  ACTIVE(1),
  /** Every unit reported; escrow refunded. */
  DONE(2),
  /** Ended for the recorded reason; escrow refunded. */
  CLOSED(3);

  // Stored codes are part of the state root, so they are fixed here, not enum ordinals.
  private final int code;

  JobStatus(int code) {
    this.code = code;
  }

  /** The code stored for it in ledger state. */
  public int code() {
    return code;
  }

  /** The value stored as {@code code}. */
  public static JobStatus ofCode(int code) {
    for (JobStatus s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalStateException("unknown job status " + code);
  }

  public boolean finished() {
    return this == DONE || this == CLOSED;
  }
}
