package io.gridwork.node.api;

import io.gridwork.node.block.Block;
import io.gridwork.node.block.BlockResults;
import io.gridwork.node.consensus.CommittedBlock;
import io.gridwork.node.storage.ChainStore;
import io.gridwork.protocol.tx.SignedTransaction;

/**
 * Reads a block at or below the head back from the store in the shape the producer announces it, so
 * the block routes and the event stream describe stored and live blocks alike.
 */
final class StoredBlocks {
  private StoredBlocks() {}

  /** The committed block at {@code height}; its absence at or below the head is a broken store. */
  static CommittedBlock load(ChainStore store, long height) {
    Block block =
        store
            .block(height)
            .orElseThrow(() -> new IllegalStateException("block " + height + " missing"));
    BlockResults results =
        store
            .results(height)
            .orElseThrow(() -> new IllegalStateException("results " + height + " missing"));
    return new CommittedBlock(
        block, block.hash(), block.txs().stream().map(SignedTransaction::hash).toList(), results);
  }
}
