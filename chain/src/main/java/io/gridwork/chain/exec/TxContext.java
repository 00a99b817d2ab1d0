package io.gridwork.chain.exec;

import io.gridwork.chain.genesis.Params;
import io.gridwork.protocol.Address;

/**
 * What a module handler knows about the transaction it runs besides its body: the sender, the
 * transaction's nonce (which names what it creates), the fee already charged (so messages can speak
 * of the balance the user saw), the block height and the ledger parameters.
 */
public record TxContext(Address sender, long nonce, long fee, long height, Params params) {}
