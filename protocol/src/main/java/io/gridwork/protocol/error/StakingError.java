package io.gridwork.protocol.error;

/**
 * Why staking refused a transaction; the names are the stable result codes. Shortfalls of the
 * balance itself are {@code BankError}s.
 */
public enum StakingError implements ErrorCode {
  /** Bonding or unbonding from an account that never registered as a provider. */
  PROVIDER_NOT_REGISTERED,
  /** A first registration bonding less than the minimum provider stake. */
  STAKE_BELOW_MINIMUM,
  /** The GPU list, region, tier or attributes of a registration are not acceptable. */
  INVALID_PROVIDER,
  /** Unbonding more than the provider has bonded. */
  UNBOND_EXCEEDS_STAKE,
  /** Unbonding stake that backs the SLA compensation of the provider's open bids and leases. */
  STAKE_COMMITTED_TO_SLA
}
