package io.gridwork.protocol.market;

/** Whether a provider may take work: ACTIVE needs at least the minimum stake bonded. */
public enum ProviderStatus {
  ACTIVE,
  /** Stake fell below the minimum (unbonding); it keeps its record but takes no new work. */
  INACTIVE
}
