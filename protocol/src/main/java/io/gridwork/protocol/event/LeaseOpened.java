package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import java.util.OptionalInt;

/**
 * An auction turned a bid into a lease of {@code units} units from {@code firstUnit} (none for a
 * service).
 */
@EventType("lease_opened")
public record LeaseOpened(
    Hash leaseId,
    Hash jobId,
    Address provider,
    long price,
    String gpuModel,
    int gpuCount,
    int units,
    OptionalInt firstUnit,
    long ratePerBlock,
    long collateral)
    implements LedgerEvent {}
