package io.gridwork.chain.bank;

import io.gridwork.protocol.Address;

/** An account's spendable balance in ugrid and the nonce its next transaction must carry. */
public record Account(Address address, long balance, long nonce) {}
