package io.gridwork.client;

import io.gridwork.api.TxInfo;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.event.LedgerEvent;
import java.util.List;

/**
 * Where a transaction is: pending in the mempool, committed in a block (with its result), or
 * unknown to the node. {@code tx} is null when unknown; {@code commit} is null unless committed.
 */
public record TxStatus(Hash hash, State state, Commit commit, TxInfo tx) {

  /** The lifecycle of a transaction as one node sees it. */
  public enum State {
    PENDING,
    COMMITTED,
    UNKNOWN
  }

  /** The block position and execution result of a committed transaction. */
  public record Commit(
      long height,
      int index,
      String code,
      String message,
      long feeCharged,
      List<LedgerEvent> events) {
    public Commit {
      events = List.copyOf(events);
    }

    /** True when the transaction did what it asked for. */
    public boolean ok() {
      return "OK".equals(code);
    }
  }

  public boolean committed() {
    return state == State.COMMITTED;
  }
}
