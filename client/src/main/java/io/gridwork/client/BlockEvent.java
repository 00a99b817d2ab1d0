package io.gridwork.client;

import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.event.LedgerEvent;
import java.util.List;

/** One message of the node's event stream: a committed block and every event it produced. */
public record BlockEvent(
    long height, Hash hash, long timeMillis, List<TxEvents> txs, List<LedgerEvent> blockEvents) {
  public BlockEvent {
    txs = List.copyOf(txs);
    blockEvents = List.copyOf(blockEvents);
  }

  /** A transaction of the block with its result code and events. */
  public record TxEvents(Hash hash, String code, List<LedgerEvent> events) {
    public TxEvents {
      events = List.copyOf(events);
    }
  }
}
