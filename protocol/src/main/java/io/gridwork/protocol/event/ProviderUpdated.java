package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.spec.SlaTier;

/** A registered provider changed its offer; {@code stake} is its bonded stake after. */
@EventType("provider_updated")
public record ProviderUpdated(Address owner, String region, SlaTier tier, int gpus, long stake)
    implements LedgerEvent {}
