package io.gridwork.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.error.ErrorCode;
import io.gridwork.protocol.event.LedgerEvent;
import java.util.List;
import java.util.Optional;

/**
 * A committed block: its header fields, its transactions' hashes and result codes, and the events
 * of the block's own work (auctions, settlement, audits) that no transaction emitted.
 */
@JsonPropertyOrder({
  "height",
  "hash",
  "chainId",
  "timestampMillis",
  "previousHash",
  "txRoot",
  "resultsHash",
  "stateRoot",
  "txCount",
  "txs",
  "blockEvents"
})
public record BlockInfo(
    long height,
    Hash hash,
    String chainId,
    long timestampMillis,
    Hash previousHash,
    Hash txRoot,
    Hash resultsHash,
    Hash stateRoot,
    List<Tx> txs,
    List<LedgerEvent> blockEvents) {
  public BlockInfo {
    txs = List.copyOf(txs);
    blockEvents = List.copyOf(blockEvents);
  }

  @JsonProperty
  public int txCount() {
    return txs.size();
  }

  /** A transaction of the block and its result's error code (empty when it did what it asked). */
  public record Tx(Hash hash, @ResultCode Optional<ErrorCode> error) {
    /** The result's code as the node names it: {@code OK} or the error code's name. */
    public String code() {
      return ResultCode.Names.of(error);
    }
  }
}
