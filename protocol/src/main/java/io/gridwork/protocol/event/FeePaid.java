package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;

/** A transaction's fee was taken from its payer. */
@EventType("fee_paid")
public record FeePaid(Address payer, long amount) implements LedgerEvent {}
