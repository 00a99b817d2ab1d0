package io.gridwork.protocol.error;

/**
 * Why the marketplace refused a transaction; the names are the stable result codes. Shortfalls of a
 * balance (deposit, collateral) and zero amounts are {@code BankError}s.
 */
public enum MarketError implements ErrorCode {
  /** The job spec breaks a rule of the spec format; the message names the field. */
  INVALID_JOB_SPEC,
  /** The deposit is below the chain's minimum deposit. */
  DEPOSIT_BELOW_MINIMUM,
  /** No job has that id. */
  JOB_NOT_FOUND,
  /** The job is done or closed and takes no more bids, deposits or closes. */
  JOB_FINISHED,
  /** The job has leases and no open bid window. */
  BIDDING_CLOSED,
  /** Only the job's buyer may close it or add to its escrow. */
  NOT_JOB_BUYER,
  /** The bidder never registered as a provider. */
  BIDDER_NOT_PROVIDER,
  /** The bidder's provider stake is below the minimum, so it is not active. */
  BIDDER_INACTIVE,
  /** A buyer cannot bid on its own job. */
  BUYER_CANNOT_BID,
  /** The provider already has a bid or a lease on this job. */
  DUPLICATE_BID,
  /** The job already holds the most bids a job may have. */
  TOO_MANY_BIDS,
  /** The price is above the job's ceiling. */
  BID_ABOVE_MAX_PRICE,
  /** The bid's price, GPU count or unit count are out of range for this job. */
  INVALID_BID,
  /** The provider did not register the GPU model it bids with. */
  GPU_MODEL_NOT_OFFERED,
  /** The job's spec lists GPU models and the bid's is not among them. */
  GPU_MODEL_NOT_ACCEPTED,
  /** The provider's cards of that model have less memory than the job needs. */
  VRAM_TOO_SMALL,
  /** The bid offers a different number of GPUs than the job asks for. */
  GPU_COUNT_MISMATCH,
  /** The provider's GPUs of that model are already busy in other leases. */
  INSUFFICIENT_CAPACITY,
  /** The provider's region is not among the job's regions. */
  REGION_MISMATCH,
  /** The provider's tier is below the tier the job asks for. */
  TIER_TOO_LOW,
  /** The provider lacks an attribute the job requires, or has another value. */
  ATTRIBUTE_MISMATCH,
  /** The provider only simulates GPUs and the job does not allow that. */
  SIMULATED_NOT_ALLOWED,
  /** No lease has that id. */
  LEASE_NOT_FOUND,
  /** Only the provider holding the lease may report on it, heartbeat or close it. */
  NOT_LEASE_HOLDER,
  /** The lease is closed. */
  LEASE_CLOSED,
  /** Unit results are for batch jobs; the lease belongs to a service. */
  NOT_A_BATCH_JOB,
  /** The unit is not one the lease was assigned. */
  UNIT_NOT_IN_LEASE,
  /** The unit's result was already reported. */
  UNIT_ALREADY_REPORTED,
  /**
   * The job's SLA tier owes a compensation the provider's stake, less what its open bids and leases
   * already committed, cannot cover.
   */
  SLA_STAKE_INSUFFICIENT
}
