package io.gridwork.protocol.error;

/** Why a node's mempool refused to admit a transaction; the names are stable API codes. */
public enum RejectCode implements ErrorCode {
  MALFORMED,
  TOO_LARGE,
  WRONG_CHAIN_ID,
  BAD_SIGNATURE,
  UNKNOWN_ACCOUNT,
  INSUFFICIENT_FEE_FUNDS,
  FEE_TOO_LOW,
  NONCE_TOO_LOW,
  NONCE_TOO_FAR_AHEAD,
  NONCE_ALREADY_PENDING,
  DUPLICATE,
  ALREADY_COMMITTED,
  MEMPOOL_FULL,
  TOO_MANY_PENDING
}
