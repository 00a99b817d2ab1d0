package io.gridwork.chain.market;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;

/**
 * A provider's offer in a job's current auction round, with the collateral it locked; the auction
 * turns it into a lease or returns the collateral.
 */
public record Bid(
    Hash jobId,
    Address provider,
    long price,
    String gpuModel,
    int gpuCount,
    int maxUnits,
    long collateral,
    long placedHeight) {
  public Bid {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(gpuModel, "gpuModel");
  }
}
