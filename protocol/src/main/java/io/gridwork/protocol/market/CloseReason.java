package io.gridwork.protocol.market;

/** Why a job or a lease ended; recorded on it and named in its closing event. */
public enum CloseReason {
  /** Every unit of the job, or of the lease, was reported. */
  ALL_UNITS_DONE(1),
  /** The buyer closed the job. */
  BUYER_CLOSED(2),
  /** The escrow could not pay the next block of a service. */
  ESCROW_EXHAUSTED(3),
  /** Auction rounds ran out with work still unassigned. */
  NO_BIDS(4),
  /** The provider gave up the lease. */
  PROVIDER_CLOSED(5),
  /** The provider's heartbeats stopped for longer than the heartbeat timeout. */
  HEARTBEAT_TIMEOUT(6),
  /** The provider was slashed for a result found wrong in the job. */
  SLASHED(7);

  // Stored codes are part of the state root, so they are fixed here, not enum ordinals; 0 = none.
  private final int code;

  CloseReason(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static CloseReason ofCode(int code) {
    if (code == 0) {
      return null;
    }
    for (CloseReason r : values()) {
      if (r.code == code) {
        return r;
      }
    }
    throw new IllegalStateException("unknown close reason " + code);
  }
}
