package io.gridwork.client;

import io.gridwork.protocol.crypto.Hash;

/**
 * The node's head and mempool size, as {@code GET /v1/status} reports them, with the ugrid in the
 * verification pool that pays auditors.
 */
public record NodeStatus(
    String chainId,
    long height,
    Hash latestBlockHash,
    Hash stateRoot,
    long latestBlockTimeMillis,
    int mempoolSize,
    long verificationPool) {}
