package io.gridwork.node.block;

import io.gridwork.chain.exec.TxResult;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.event.LedgerEvent;
import java.util.List;

/** What a block's execution reported: one result per transaction and the end-of-block events. */
public record BlockResults(List<TxResult> txResults, List<LedgerEvent> blockEvents) {
  public BlockResults {
    txResults = List.copyOf(txResults);
    blockEvents = List.copyOf(blockEvents);
  }

  /** SHA-256 of the canonical encoding; the header commits to it. */
  public Hash hash() {
    return Hash.sha256(BlockCodec.encodeResults(this));
  }
}
