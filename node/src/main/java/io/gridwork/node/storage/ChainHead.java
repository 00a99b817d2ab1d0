package io.gridwork.node.storage;

import io.gridwork.protocol.crypto.Hash;

/** The latest committed block: its height, hash, time and the state root after it. */
public record ChainHead(long height, Hash blockHash, long timestampMillis, Hash stateRoot) {}
