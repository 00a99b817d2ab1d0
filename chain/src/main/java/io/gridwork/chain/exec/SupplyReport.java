package io.gridwork.chain.exec;

/**
 * Where every ugrid of the supply is: spendable balances, bonded stake, stake waiting to unbond,
 * collected fees, the verification pool, job escrow and bid collateral (held by bids and by the
 * leases they became). Conservation holds when these add up to the genesis supply exactly.
 */
public record SupplyReport(
    long totalSupply,
    long balances,
    long stakes,
    long unbonding,
    long feePool,
    long verificationPool,
    long escrow,
    long bidCollateral) {

  /** True when the parts add up to the total supply without overflowing. */
  public boolean conserved() {
    long sum = 0;
    for (long part :
        new long[] {
          balances, stakes, unbonding, feePool, verificationPool, escrow, bidCollateral
        }) {
      if (part < 0 || Long.MAX_VALUE - sum < part) {
        return false;
      }
      sum += part;
    }
    return sum == totalSupply;
  }
}
