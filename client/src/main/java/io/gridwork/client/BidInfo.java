package io.gridwork.client;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;

/** A provider's bid in a job's current auction round; price and collateral in ugrid. */
public record BidInfo(
    Hash jobId,
    Address provider,
    long price,
    String gpuModel,
    int gpuCount,
    int maxUnits,
    long collateral,
    long placedHeight) {}
