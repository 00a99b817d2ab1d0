package io.gridwork.chain.genesis;

import io.gridwork.protocol.Address;

/** An account funded at genesis. */
public record GenesisAccount(Address address, long balance) {}
