package io.gridwork.chain.exec;

import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.event.LedgerEvent;
import java.util.List;

/**
 * What executing one block produced: a result per transaction in block order, the events of
 * end-of-block processing (unbonding releases and the like), the state writes, and the state root
 * after the block.
 */
public record BlockOutcome(
    List<TxResult> results, List<LedgerEvent> blockEvents, ChangeSet changes, Hash stateRoot) {
  public BlockOutcome {
    results = List.copyOf(results);
    blockEvents = List.copyOf(blockEvents);
  }
}
