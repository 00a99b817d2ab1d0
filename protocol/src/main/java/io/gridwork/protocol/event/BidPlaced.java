package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;

/** A provider bid on a job, locking {@code collateral} and committing {@code slaStake}. */
@EventType("bid_placed")
public record BidPlaced(
    Hash jobId,
    Address provider,
    long price,
    String gpuModel,
    int gpuCount,
    int maxUnits,
    long collateral,
    long slaStake)
    implements LedgerEvent {}
