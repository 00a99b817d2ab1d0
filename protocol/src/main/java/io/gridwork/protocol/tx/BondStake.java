package io.gridwork.protocol.tx;

/** Adds {@code amount} ugrid from the sender's balance to its provider stake. */
public record BondStake(long amount) implements TxBody {
  @Override
  public TxKind kind() {
    return TxKind.BOND_STAKE;
  }
}
