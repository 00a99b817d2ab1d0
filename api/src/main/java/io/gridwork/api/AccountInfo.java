package io.gridwork.api;

import io.gridwork.protocol.Address;

/** An account's balance in ugrid (and as text, e.g. {@code 1.5GRID}) and its next nonce. */
public record AccountInfo(Address address, long balance, String balanceText, long nonce) {}
