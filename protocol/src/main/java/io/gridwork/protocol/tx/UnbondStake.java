package io.gridwork.protocol.tx;

/**
 * Starts unbonding {@code amount} ugrid of the sender's provider stake; it returns to the balance
 * after the unbonding period and can still be slashed until then.
 */
public record UnbondStake(long amount) implements TxBody {
  @Override
  public TxKind kind() {
    return TxKind.UNBOND_STAKE;
  }
}
