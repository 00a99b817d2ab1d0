package io.gridwork.chain.exec;

import io.gridwork.chain.audit.Audits;
import io.gridwork.chain.bank.Bank;
import io.gridwork.chain.genesis.ChainInfo;
import io.gridwork.chain.market.Market;
import io.gridwork.chain.staking.Staking;
import io.gridwork.chain.state.Keys;
import io.gridwork.chain.state.ReadableState;
import io.gridwork.protocol.codec.CanonicalReader;

/**
 * Counts every token in state by walking the tables, independently of the code that moves tokens,
 * so that a bug which creates or destroys tokens shows up as a supply that no longer adds up.
 */
public final class Supply {
  private Supply() {}

  public static SupplyReport audit(ReadableState state) {
    long[] balances = {0};
    state.scan(
        Keys.table(Keys.ACCOUNTS),
        (key, value) -> {
          balances[0] = Math.addExact(balances[0], new CanonicalReader(value).i64("balance"));
          return true;
        });
    long stakes = 0;
    long unbondingInRecords = 0;
    for (var provider : Staking.providers(state)) {
      stakes = Math.addExact(stakes, provider.stake());
      unbondingInRecords = Math.addExact(unbondingInRecords, provider.unbonding());
    }
    long unbonding = 0;
    for (var entry : Staking.unbondingQueue(state)) {
      unbonding = Math.addExact(unbonding, entry.amount());
    }
    if (unbonding != unbondingInRecords) {
      throw new IllegalStateException(
          "the unbonding queue holds "
              + unbonding
              + "ugrid but provider records say "
              + unbondingInRecords
              + "ugrid");
    }
    return new SupplyReport(
        ChainInfo.load(state).totalSupply(),
        balances[0],
        stakes,
        unbonding,
        Bank.feePool(state),
        Bank.verificationPool(state),
        Audits.reservedRewards(state),
        Market.escrowHeld(state),
        Market.collateralHeld(state),
        Bank.burned(state));
  }
}
