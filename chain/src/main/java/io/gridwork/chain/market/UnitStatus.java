package io.gridwork.chain.market;

/**
 * Where a batch unit is between its auction and its payment.
 *
 * <pre>
 * ASSIGNED ──UnitResult──▶ REPORTED ──window ends, no audit open──▶ FINAL (paid)
 *    │ (non-deterministic job: paid at once) ──────────────────────▶ FINAL
 *    │                         └──window ends, audit open──▶ AWAITING_AUDIT ──audit resolves──▶ FINAL
 *    └── lease given up, or provider slashed before FINAL: record deleted, unit back to auction
 * </pre>
 */
public enum UnitStatus {
  /** A lease holds the unit and has not reported it. */
  ASSIGNED(0),
  /** Reported; its payment is held in escrow until its challenge window ends. */
  REPORTED(1),
  /** The challenge window ended while an audit of the unit was still open. */
  AWAITING_AUDIT(2),
  /** Paid: the price left escrow for the provider, the network and the verification pool. */
  FINAL(3);

  // Stored codes are part of the state root, so they are fixed here, not enum ordinals.
  private final int code;

  UnitStatus(int code) {
    this.code = code;
  }

  int code() {
    return code;
  }

  static UnitStatus ofCode(int code) {
    for (UnitStatus s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalStateException("unknown unit status " + code);
  }

  /** True while the unit's payment is held: reported, not yet final. */
  public boolean held() {
    return this == REPORTED || this == AWAITING_AUDIT;
  }
}
