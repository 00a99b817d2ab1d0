package io.gridwork.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.error.ErrorCode;
import io.gridwork.protocol.event.LedgerEvent;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a transaction is: pending in the mempool, committed in a block with its result, or unknown
 * to the node. The result's fields ({@code height} to {@code events}) are null unless committed;
 * {@code tx} is null when unknown. {@link #commit()} gives a committed result as one value.
 */
public record TxStatus(
    Hash hash,
    @JsonProperty("status") State state,
    Long height,
    Integer index,
    @ResultCode Optional<ErrorCode> error,
    String message,
    Long feeCharged,
    List<LedgerEvent> events,
    TxInfo tx) {
  public TxStatus {
    events = events == null ? null : List.copyOf(events);
  }

  /** A transaction waiting in the mempool. */
  public static TxStatus pending(Hash hash, TxInfo tx) {
    return new TxStatus(hash, State.PENDING, null, null, null, null, null, null, tx);
  }

  /** A transaction the node has neither in its mempool nor in a block. */
  public static TxStatus unknown(Hash hash) {
    return new TxStatus(hash, State.UNKNOWN, null, null, null, null, null, null, null);
  }

  /** A transaction executed at position {@code index} of the block at {@code height}. */
  public static TxStatus committed(Hash hash, Commit commit, TxInfo tx) {
    return new TxStatus(
        hash,
        State.COMMITTED,
        commit.height(),
        commit.index(),
        commit.error(),
        commit.message(),
        commit.feeCharged(),
        commit.events(),
        tx);
  }

  /** The lifecycle of a transaction as one node sees it, named in lower case on the wire. */
  public enum State {
    PENDING,
    COMMITTED,
    UNKNOWN;

    @JsonValue
    String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The state named {@code name}; one this build does not know reads as unknown. */
    @JsonCreator
    static State ofWireName(String name) {
      for (State s : values()) {
        if (s.wireName().equals(name)) {
          return s;
        }
      }
      return UNKNOWN;
    }
  }

  /** The block position and execution result of a committed transaction. */
  public record Commit(
      long height,
      int index,
      Optional<ErrorCode> error,
      String message,
      long feeCharged,
      List<LedgerEvent> events) {
    public Commit {
      events = List.copyOf(events);
    }

    /** True when the transaction did what it asked for. */
    public boolean ok() {
      return error.isEmpty();
    }

    /** The result's code as the node names it: {@code OK} or the error code's name. */
    public String code() {
      return ResultCode.Names.of(error);
    }
  }

  /** The committed result; null unless {@link #committed()}. */
  @JsonIgnore
  public Commit commit() {
    return committed()
        ? new Commit(height, index, error, message, feeCharged, events == null ? List.of() : events)
        : null;
  }

  public boolean committed() {
    return state == State.COMMITTED;
  }
}
