package io.gridwork.node.consensus;

import io.gridwork.node.block.Block;
import io.gridwork.node.block.BlockResults;
import io.gridwork.protocol.crypto.Hash;
import java.util.List;

/** A block that is durably stored, with its hash, its transactions' hashes and its results. */
public record CommittedBlock(Block block, Hash hash, List<Hash> txHashes, BlockResults results) {
  public CommittedBlock {
    txHashes = List.copyOf(txHashes);
  }

  public long height() {
    return block.height();
  }
}
