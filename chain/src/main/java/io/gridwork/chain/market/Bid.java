package io.gridwork.chain.market;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;

/**
 * A provider's offer in a job's current auction round, with the collateral it locked and the SLA
 * compensation it committed from the provider's stake (0 for best-effort jobs); the auction turns
 * it into a lease, which inherits both, or returns them.
 */
public record Bid(
    Hash jobId,
    Address provider,
    long price,
    String gpuModel,
    int gpuCount,
    int maxUnits,
    long collateral,
    long placedHeight,
    long slaStake) {
  public Bid {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(gpuModel, "gpuModel");
  }
}
