package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;

/**
 * A service lease's first heartbeat started its billing; the escrow lasts until {@code
 * exhaustionHeight}.
 */
@EventType("billing_started")
public record BillingStarted(
    Hash leaseId, Hash jobId, Address provider, long ratePerBlock, long exhaustionHeight)
    implements LedgerEvent {}
