package io.gridwork.client;

import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.event.LedgerEvent;
import java.util.List;

/** A committed block's header fields, its transactions' hashes and result codes. */
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

  /** A transaction of the block and its result code. */
  public record Tx(Hash hash, String code) {}
}
