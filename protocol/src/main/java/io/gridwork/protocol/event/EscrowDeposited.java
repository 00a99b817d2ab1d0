package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;

/** A buyer topped up a job's escrow; {@code escrow} is the balance after. */
@EventType("escrow_deposited")
public record EscrowDeposited(Hash jobId, Address buyer, long amount, long escrow)
    implements LedgerEvent {}
