package io.gridwork.protocol.tx;

/** The outcome of decoding untrusted bytes: a transaction, or the reason the bytes are not one. */
public sealed interface DecodeResult {

  /** The bytes were the canonical encoding of {@code tx}. */
  record Ok(SignedTransaction tx) implements DecodeResult {}

  /** The bytes were not a transaction; {@code reason} says why in words a user can act on. */
  record Malformed(String reason) implements DecodeResult {}
}
