package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;

/** A bid's or lease's collateral went back to its provider. */
@EventType("collateral_returned")
public record CollateralReturned(Hash jobId, Address provider, long amount)
    implements LedgerEvent {}
