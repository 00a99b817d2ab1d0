package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;

/** A suspended lease's provider sent a heartbeat again. */
@EventType("lease_resumed")
public record LeaseResumed(Hash leaseId, Hash jobId, Address provider) implements LedgerEvent {}
