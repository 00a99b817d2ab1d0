package io.gridwork.protocol.error;

/** Why the bank refused to move tokens; the names are the stable result codes. */
public enum BankError implements ErrorCode {
  /** The balance does not cover the amount (or the fee) asked for. */
  INSUFFICIENT_FUNDS,
  /** The amount is zero or would push a balance past the largest representable amount. */
  INVALID_AMOUNT
}
