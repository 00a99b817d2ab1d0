package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;

/** A finished job's unused escrow went back to its buyer. */
@EventType("escrow_refunded")
public record EscrowRefunded(Hash jobId, Address buyer, long amount) implements LedgerEvent {}
