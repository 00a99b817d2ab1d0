package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;

/** A unit became final and its price was paid out of escrow. */
@EventType("unit_completed")
public record UnitCompleted(
    Hash leaseId,
    Hash jobId,
    Address provider,
    int unit,
    Hash output,
    long amount,
    long paid,
    long fee,
    long verificationFee)
    implements LedgerEvent {}
