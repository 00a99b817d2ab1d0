package io.gridwork.chain.exec;

import io.gridwork.protocol.crypto.Hash;

/**
 * What a block contributes to execution besides its transactions: its height, the proposer's
 * timestamp (milliseconds since the epoch, the only notion of time in the ledger), the previous
 * block's hash (the seed of any ledger randomness) and the state root before the block.
 */
public record BlockContext(
    long height, long timestampMillis, Hash previousBlockHash, Hash previousStateRoot) {}
