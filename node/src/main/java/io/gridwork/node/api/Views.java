package io.gridwork.node.api;

import io.gridwork.api.TxInfo;
import io.gridwork.chain.exec.TxResult;
import io.gridwork.node.block.Block;
import io.gridwork.node.block.BlockHeader;
import io.gridwork.node.block.BlockResults;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.event.LedgerEvent;
import io.gridwork.protocol.tx.SignedTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the API answers that carry ledger events (a transaction's status, a block and
 * the event stream's messages), built from chain and node types.
 */
final class Views {

  private Views() {}

  record EventView(String type, Map<String, String> attributes) {
    static EventView of(LedgerEvent e) {
      return new EventView(e.type(), e.attributes());
    }

    static List<EventView> of(List<LedgerEvent> events) {
      return events.stream().map(EventView::of).toList();
    }
  }

  record TxStatusView(
      String hash,
      String status,
      Long height,
      Integer index,
      String code,
      String message,
      Long feeCharged,
      List<EventView> events,
      TxInfo tx) {
    static TxStatusView pending(Hash hash, SignedTransaction tx) {
      return new TxStatusView(
          hash.toHex(), "pending", null, null, null, null, null, null, ApiRecords.tx(tx));
    }

    static TxStatusView unknown(Hash hash) {
      return new TxStatusView(hash.toHex(), "unknown", null, null, null, null, null, null, null);
    }

    static TxStatusView committed(
        Hash hash, long height, int index, TxResult result, SignedTransaction tx) {
      return new TxStatusView(
          hash.toHex(),
          "committed",
          height,
          index,
          result.code(),
          result.message(),
          result.feeCharged(),
          EventView.of(result.events()),
          ApiRecords.tx(tx));
    }
  }

  record BlockTxView(String hash, String code) {}

  record BlockView(
      long height,
      String hash,
      String chainId,
      long timestampMillis,
      String previousHash,
      String txRoot,
      String resultsHash,
      String stateRoot,
      int txCount,
      List<BlockTxView> txs,
      List<EventView> blockEvents) {
    static BlockView of(Block block, List<Hash> txHashes, BlockResults results) {
      BlockHeader h = block.header();
      List<BlockTxView> txs = new ArrayList<>(txHashes.size());
      for (int i = 0; i < txHashes.size(); i++) {
        txs.add(new BlockTxView(txHashes.get(i).toHex(), results.txResults().get(i).code()));
      }
      return new BlockView(
          h.height(),
          h.hash().toHex(),
          h.chainId(),
          h.timestampMillis(),
          h.previousHash().toHex(),
          h.txRoot().toHex(),
          h.resultsHash().toHex(),
          h.stateRoot().toHex(),
          txs.size(),
          txs,
          EventView.of(results.blockEvents()));
    }
  }

  record TxEventsView(String hash, String code, List<EventView> events) {}

  /** One message of the event stream: a committed block and everything its execution emitted. */
  record BlockMessage(
      long height,
      String hash,
      long timeMillis,
      int txCount,
      List<TxEventsView> txs,
      List<EventView> blockEvents) {
    static BlockMessage of(Block block, Hash hash, List<Hash> txHashes, BlockResults results) {
      List<TxEventsView> txs = new ArrayList<>(txHashes.size());
      for (int i = 0; i < txHashes.size(); i++) {
        TxResult r = results.txResults().get(i);
        txs.add(new TxEventsView(txHashes.get(i).toHex(), r.code(), EventView.of(r.events())));
      }
      return new BlockMessage(
          block.height(),
          hash.toHex(),
          block.header().timestampMillis(),
          txs.size(),
          txs,
          EventView.of(results.blockEvents()));
    }
  }
}
