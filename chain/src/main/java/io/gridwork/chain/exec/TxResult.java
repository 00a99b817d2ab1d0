package io.gridwork.chain.exec;

import io.gridwork.protocol.event.LedgerEvent;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one transaction in a block: a stable code ({@code OK} or a module's error name
 * such as {@code INSUFFICIENT_FUNDS}), a message a user can act on, the fee charged and the events
 * it emitted. A failed transaction changes nothing but its fee and nonce.
 */
public record TxResult(String code, String message, long feeCharged, List<LedgerEvent> events) {
  public static final String OK = "OK";

  public TxResult {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    events = List.copyOf(events);
  }

  public boolean ok() {
    return OK.equals(code);
  }
}
