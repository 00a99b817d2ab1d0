package io.gridwork.node.storage;

/** Where a committed transaction sits: block height and position in the block. */
public record TxLocation(long height, int index) {}
