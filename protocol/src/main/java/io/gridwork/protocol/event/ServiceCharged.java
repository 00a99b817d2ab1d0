package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;

/**
 * A service lease was charged for {@code blocks} blocks: {@code paid} to the provider and {@code
 * fee} to the network.
 */
@EventType("service_charged")
public record ServiceCharged(
    Hash leaseId, Hash jobId, Address provider, long blocks, long amount, long paid, long fee)
    implements LedgerEvent {}
