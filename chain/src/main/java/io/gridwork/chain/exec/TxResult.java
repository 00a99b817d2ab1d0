package io.gridwork.chain.exec;

import io.gridwork.protocol.error.ErrorCode;
import io.gridwork.protocol.event.LedgerEvent;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one transaction in a block: the module's error code when it was refused (empty
 * when it did what it asked for), a message a user can act on, the fee charged and the events it
 * emitted. A failed transaction changes nothing but its fee and nonce.
 */
public record TxResult(
    Optional<ErrorCode> error, String message, long feeCharged, List<LedgerEvent> events) {
  /** The wire name of a successful result's code. */
  public static final String OK = "OK";

  public TxResult {
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(message, "message");
    events = List.copyOf(events);
  }

  /** A successful result. */
  public static TxResult ok(String message, long feeCharged, List<LedgerEvent> events) {
    return new TxResult(Optional.empty(), message, feeCharged, events);
  }

  /** The result of a transaction refused with {@code rejection}. */
  public static TxResult refused(Rejection rejection, long feeCharged, List<LedgerEvent> events) {
    return new TxResult(Optional.of(rejection.code()), rejection.message(), feeCharged, events);
  }

  /**
   * The result as stored and served: {@code code} is {@link #OK} or an error code's name, read back
   * into the code a client compares.
   */
  public static TxResult of(
      String code, String message, long feeCharged, List<LedgerEvent> events) {
    Optional<ErrorCode> error =
        OK.equals(code) ? Optional.empty() : Optional.of(ErrorCode.ofResult(code));
    return new TxResult(error, message, feeCharged, events);
  }

  public boolean ok() {
    return error.isEmpty();
  }

  /**
   * The code's wire name: {@link #OK} or the error code's name, e.g. {@code INSUFFICIENT_FUNDS}.
   */
  public String code() {
    return error.map(ErrorCode::name).orElse(OK);
  }
}
