package io.gridwork.chain.bank;

import io.gridwork.chain.exec.Rejection;

/** Why the bank refused to move tokens; the names are the stable result codes. */
public enum BankError {
  /** The balance does not cover the amount (or the fee) asked for. */
  INSUFFICIENT_FUNDS,
  /** The amount is zero or would push a balance past the largest representable amount. */
  INVALID_AMOUNT;

  public Rejection reject(String message) {
    return new Rejection(name(), message);
  }
}
