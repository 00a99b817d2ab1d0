package io.gridwork.client;

import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.error.ErrorCode;

/** What the node said to a submitted transaction: pending, or refused with a stable code. */
public sealed interface SubmitResult {

  /** The transaction id; null only when the node could not decode the bytes. */
  Hash hash();

  boolean accepted();

  /** The node admitted the transaction to its mempool. */
  record Accepted(Hash hash) implements SubmitResult {
    @Override
    public boolean accepted() {
      return true;
    }
  }

  /**
   * The node refused it; {@code code} is a {@code RejectCode} such as {@code NONCE_TOO_LOW} (or an
   * {@code UnknownCode} from a newer node), {@code message} says why.
   */
  record Rejected(Hash hash, ErrorCode code, String message) implements SubmitResult {
    @Override
    public boolean accepted() {
      return false;
    }
  }
}
