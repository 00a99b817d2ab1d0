package io.gridwork.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.gridwork.protocol.Amount;

/**
 * The chain id and ledger parameters a transaction must respect, with those of result verification
 * and lease liveness; amounts in ugrid, each also as text.
 */
@JsonPropertyOrder({
  "chainId",
  "minFee",
  "minFeeText",
  "minProviderStake",
  "minProviderStakeText",
  "unbondingPeriodBlocks",
  "market",
  "audit",
  "liveness"
})
public record ChainParams(
    String chainId,
    long minFee,
    long minProviderStake,
    long unbondingPeriodBlocks,
    Market market,
    Audit audit,
    Liveness liveness) {

  @JsonProperty
  public String minFeeText() {
    return Amount.format(minFee);
  }

  @JsonProperty
  public String minProviderStakeText() {
    return Amount.format(minProviderStake);
  }

  /**
   * The marketplace: how long a job takes bids, how many bids it may have and auction rounds it may
   * go without a lease, the smallest deposit, the network's cut (bps), the collateral a bid locks
   * and the nominal block time behind per-GPU-hour prices.
   */
  @JsonPropertyOrder({
    "bidWindowBlocks",
    "maxBidsPerJob",
    "maxAuctionRounds",
    "minDeposit",
    "minDepositText",
    "networkFeeBps",
    "bidCollateral",
    "bidCollateralText",
    "nominalBlockMillis"
  })
  public record Market(
      long bidWindowBlocks,
      int maxBidsPerJob,
      int maxAuctionRounds,
      long minDeposit,
      int networkFeeBps,
      long bidCollateral,
      long nominalBlockMillis) {

    @JsonProperty
    public String minDepositText() {
      return Amount.format(minDeposit);
    }

    @JsonProperty
    public String bidCollateralText() {
      return Amount.format(bidCollateral);
    }
  }

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
  @JsonPropertyOrder({
    "heartbeatIntervalBlocks",
    "heartbeatGraceBlocks",
    "heartbeatTimeoutBlocks",
    "standardUptimeBps",
    "standardCompensationPerGpu",
    "standardCompensationPerGpuText",
    "premiumUptimeBps",
    "premiumCompensationPerGpu",
    "premiumCompensationPerGpuText"
  })
  public record Liveness(
      long heartbeatIntervalBlocks,
      long heartbeatGraceBlocks,
      long heartbeatTimeoutBlocks,
      int standardUptimeBps,
      long standardCompensationPerGpu,
      int premiumUptimeBps,
      long premiumCompensationPerGpu) {

    @JsonProperty
    public String standardCompensationPerGpuText() {
      return Amount.format(standardCompensationPerGpu);
    }

    @JsonProperty
    public String premiumCompensationPerGpuText() {
      return Amount.format(premiumCompensationPerGpu);
    }
  }
}
