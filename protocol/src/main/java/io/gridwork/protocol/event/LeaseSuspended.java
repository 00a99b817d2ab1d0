package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;

/** A lease missed its heartbeats past the grace period. */
@EventType("lease_suspended")
public record LeaseSuspended(Hash leaseId, Hash jobId, Address provider, long lastHeartbeat)
    implements LedgerEvent {}
