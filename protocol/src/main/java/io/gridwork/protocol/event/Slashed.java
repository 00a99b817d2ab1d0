package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;

/** A provider's stake was cut: {@code toBuyer} to the job's buyer, {@code burned} destroyed. */
@EventType("slashed")
public record Slashed(
    Address provider,
    Hash jobId,
    int unit,
    long amount,
    long toBuyer,
    long burned,
    SlashReason reason)
    implements LedgerEvent {}
