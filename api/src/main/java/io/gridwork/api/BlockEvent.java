package io.gridwork.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.error.ErrorCode;
import io.gridwork.protocol.event.LedgerEvent;
import java.util.List;
import java.util.Optional;

/** One message of the node's event stream: a committed block and every event it produced. */
@JsonPropertyOrder({"height", "hash", "timeMillis", "txCount", "txs", "blockEvents"})
public record BlockEvent(
    long height, Hash hash, long timeMillis, List<TxEvents> txs, List<LedgerEvent> blockEvents) {
  public BlockEvent {
    txs = List.copyOf(txs);
    blockEvents = List.copyOf(blockEvents);
  }

  @JsonProperty
  public int txCount() {
    return txs.size();
  }

  /**
   * A transaction of the block with its error code (empty when it did what it asked) and events.
   */
  public record TxEvents(
      Hash hash, @ResultCode Optional<ErrorCode> error, List<LedgerEvent> events) {
    public TxEvents {
      events = List.copyOf(events);
    }
  }
}
