package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.spec.SlaTier;

/** A provider registered for the first time, bonding {@code stake}. */
@EventType("provider_registered")
public record ProviderRegistered(Address owner, String region, SlaTier tier, int gpus, long stake)
    implements LedgerEvent {}
