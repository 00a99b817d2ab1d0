package io.gridwork.protocol.error;

/**
 * Why the executor refused a transaction before running its body. Such a transaction changes
 * nothing: no fee is taken and the nonce stays, so the sender can correct and resend it.
 */
public enum EnvelopeError implements ErrorCode {
  /** Signed for another chain; the code and message help a user who mixed up networks. */
  WRONG_CHAIN_ID,
  /** The nonce is not the account's next one: a transaction is missing, pending or replayed. */
  BAD_NONCE,
  /** The fee is below the chain's minimum fee. */
  FEE_TOO_LOW
}
