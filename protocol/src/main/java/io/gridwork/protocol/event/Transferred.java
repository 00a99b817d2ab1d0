package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;

/** Tokens moved from one balance to another. */
@EventType("transfer")
public record Transferred(Address from, Address to, long amount) implements LedgerEvent {}
