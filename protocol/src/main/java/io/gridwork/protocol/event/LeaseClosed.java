package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.CloseReason;

/** A lease ended for {@code reason}. */
@EventType("lease_closed")
public record LeaseClosed(Hash leaseId, Hash jobId, Address provider, CloseReason reason)
    implements LedgerEvent {}
