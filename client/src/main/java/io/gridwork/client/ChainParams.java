package io.gridwork.client;

/**
 * The chain id and ledger parameters a transaction must respect, with those of result verification
 * and lease liveness; amounts in ugrid.
 */
public record ChainParams(
    String chainId,
    long minFee,
    long minProviderStake,
    long unbondingPeriodBlocks,
    Market market,
    Audit audit,
    Liveness liveness) {

  /**
   * The marketplace: how long a job takes bids, how many bids it may have and auction rounds it may
   * go without a lease, the smallest deposit, the network's cut (bps), the collateral a bid locks
   * and the nominal block time behind per-GPU-hour prices.
   */
  public record Market(
      long bidWindowBlocks,
      int maxBidsPerJob,
      int maxAuctionRounds,
      long minDeposit,
      int networkFeeBps,
      long bidCollateral,
      long nominalBlockMillis) {}

  /**
   * Result verification: how long a deterministic unit's payment is held, the audit rates of new
   * and established providers (ppm), how long an auditor has, the verification fee and the slash.
   */
  public record Audit(
      long challengeWindowBlocks,
      long auditRateStartPpm,
      long auditRateFloorPpm,
      long auditHalfLifeUnits,
      long auditTimeoutBlocks,
      int maxAuditAttempts,
      int verificationFeeBps,
      int slashFractionBps,
      int slashBuyerShareBps,
      long reputationAgeFullBlocks) {}

  /**
   * Lease liveness: the heartbeat cadence lease holders keep, the silence that suspends a lease and
   * the one that closes it, and what the standard and premium SLA tiers promise and owe per GPU.
   */
  public record Liveness(
      long heartbeatIntervalBlocks,
      long heartbeatGraceBlocks,
      long heartbeatTimeoutBlocks,
      int standardUptimeBps,
      long standardCompensationPerGpu,
      int premiumUptimeBps,
      long premiumCompensationPerGpu) {}
}
