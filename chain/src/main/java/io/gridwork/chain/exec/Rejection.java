package io.gridwork.chain.exec;

import io.gridwork.protocol.error.ErrorCode;
import java.util.Objects;

/**
 * Why a ledger module refused a transaction: a stable code from the module's error enum and a
 * message a user can act on. It becomes the transaction's {@link TxResult}.
 */
public record Rejection(ErrorCode code, String message) {
  public Rejection {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }
}
