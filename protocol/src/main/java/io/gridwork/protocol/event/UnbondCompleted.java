package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;

/** Unbonded stake came back to its owner's balance. */
@EventType("unbond_completed")
public record UnbondCompleted(Address owner, long amount) implements LedgerEvent {}
