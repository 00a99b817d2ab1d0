package io.gridwork.protocol.event;

import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.CloseReason;

/** A unit went back to auction because its lease closed for {@code reason}. */
@EventType("unit_requeued")
public record UnitRequeued(Hash jobId, int unit, CloseReason reason) implements LedgerEvent {}
