package io.gridwork.node.api;

import io.gridwork.api.BlockEvent;
import io.gridwork.api.BlockInfo;
import io.gridwork.api.TxStatus;
import io.gridwork.chain.exec.TxResult;
import io.gridwork.node.block.Block;
import io.gridwork.node.block.BlockHeader;
import io.gridwork.node.block.BlockResults;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.tx.SignedTransaction;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the API answers that carry ledger events (a transaction's status, a block and the event
 * stream's messages) from chain and node types.
 */
final class Views {

  private Views() {}

  static TxStatus pending(Hash hash, SignedTransaction tx) {
    return TxStatus.pending(hash, ApiRecords.tx(tx));
  }

  static TxStatus committed(
      Hash hash, long height, int index, TxResult result, SignedTransaction tx) {
    return TxStatus.committed(
        hash,
        new TxStatus.Commit(
            height, index, result.error(), result.message(), result.feeCharged(), result.events()),
        ApiRecords.tx(tx));
  }

  static BlockInfo block(Block block, List<Hash> txHashes, BlockResults results) {
    BlockHeader h = block.header();
    List<BlockInfo.Tx> txs = new ArrayList<>(txHashes.size());
    for (int i = 0; i < txHashes.size(); i++) {
      txs.add(new BlockInfo.Tx(txHashes.get(i), results.txResults().get(i).error()));
    }
    return new BlockInfo(
        h.height(),
        h.hash(),
        h.chainId(),
        h.timestampMillis(),
        h.previousHash(),
        h.txRoot(),
        h.resultsHash(),
        h.stateRoot(),
        txs,
        results.blockEvents());
  }

  /** One message of the event stream: a committed block and everything its execution emitted. */
  static BlockEvent message(Block block, Hash hash, List<Hash> txHashes, BlockResults results) {
    List<BlockEvent.TxEvents> txs = new ArrayList<>(txHashes.size());
    for (int i = 0; i < txHashes.size(); i++) {
      TxResult r = results.txResults().get(i);
      txs.add(new BlockEvent.TxEvents(txHashes.get(i), r.error(), r.events()));
    }
    return new BlockEvent(
        block.height(), hash, block.header().timestampMillis(), txs, results.blockEvents());
  }
}
