package io.gridwork.agent.bidding;

/** Why the bid engine let a job pass; pricing refusals keep the pricing policy's own reasons. */
enum SkipReason {
  NOT_TAKING_BIDS,
  ALREADY_BID,
  NO_CONTAINER_ENGINE,
  NO_NETWORK_SANDBOX,
  SIMULATED_NOT_ALLOWED,
  REGION_MISMATCH,
  TIER_TOO_LOW,
  ATTRIBUTE_MISMATCH,
  NO_ACCEPTABLE_GPU,
  NO_FREE_CAPACITY,
  NO_UNITS_LEFT,
  CEILING_BELOW_PRICE,
  EXPOSE_NEEDS_NETWORK,
  PORT_UNAVAILABLE
}
