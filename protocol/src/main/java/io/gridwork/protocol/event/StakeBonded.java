package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;

/** A provider bonded more stake; {@code stake} is its bonded stake after. */
@EventType("stake_bonded")
public record StakeBonded(Address owner, long amount, long stake) implements LedgerEvent {}
