package io.gridwork.chain.exec;

/**
 * Where every ugrid of the supply is: spendable balances, bonded stake, stake waiting to unbond,
 * collected fees, the verification pool and the auditor rewards reserved out of it, job escrow, bid
 * collateral (held by bids and by the leases they became), and the tokens burned by slashing.
 * Conservation holds when these add up to the genesis supply exactly.
 */
public record SupplyReport(
    long totalSupply,
    long balances,
    long stakes,
    long unbonding,
    long feePool,
    long verificationPool,
    long auditRewardsReserved,
    long escrow,
    long bidCollateral,
    long burned) {

  /** True when the parts add up to the total supply without overflowing. */
  public boolean conserved() {
    long sum = 0;
    for (long part :
        new long[] {
          balances,
          stakes,
          unbonding,
          feePool,
          verificationPool,
          auditRewardsReserved,
          escrow,
          bidCollateral,
          burned
        }) {
      if (part < 0 || Long.MAX_VALUE - sum < part) {
        return false;
      }
      sum += part;
    }
    return sum == totalSupply;
  }
}
