package io.gridwork.client;

import io.gridwork.api.TxInfo;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.error.ErrorCode;
import io.gridwork.protocol.event.LedgerEvent;
import java.util.List;
import java.util.Optional;

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
      Optional<ErrorCode> error,
      String message,
      long feeCharged,
      List<LedgerEvent> events) {
    private static final String OK = "OK";

    public Commit {
      events = List.copyOf(events);
    }

    /** The error named by a result's wire {@code code}: empty for {@code OK}. */
    static Optional<ErrorCode> error(String code) {
      return OK.equals(code) ? Optional.empty() : Optional.of(ErrorCode.ofResult(code));
    }

    /** True when the transaction did what it asked for. */
    public boolean ok() {
      return error.isEmpty();
    }

    /** The result's code as the node names it: {@code OK} or the error code's name. */
    public String code() {
      return error.map(ErrorCode::name).orElse(OK);
    }
  }

  public boolean committed() {
    return state == State.COMMITTED;
  }
}
