package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;

/** Stake left the bonded amount and returns to the balance at {@code releaseHeight}. */
@EventType("unbond_started")
public record UnbondStarted(Address owner, long amount, long stake, long releaseHeight)
    implements LedgerEvent {}
