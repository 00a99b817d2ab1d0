package io.gridwork.client;

import io.gridwork.protocol.crypto.Hash;

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

  /** The node refused it; {@code code} is e.g. {@code NONCE_TOO_LOW}, {@code message} says why. */
  record Rejected(Hash hash, String code, String message) implements SubmitResult {
    @Override
    public boolean accepted() {
      return false;
    }
  }
}
