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
    Audit audit,
    Liveness liveness) {

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
