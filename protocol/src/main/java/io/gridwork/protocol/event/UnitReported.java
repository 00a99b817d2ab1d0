package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;

/** A provider reported a unit's output, final at {@code finalAt} unless an audit finds it wrong. */
@EventType("unit_reported")
public record UnitReported(
    Hash leaseId, Hash jobId, Address provider, int unit, Hash output, long finalAt)
    implements LedgerEvent {}
