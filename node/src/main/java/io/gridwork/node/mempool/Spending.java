package io.gridwork.node.mempool;

import io.gridwork.protocol.tx.AuditResult;
import io.gridwork.protocol.tx.BondStake;
import io.gridwork.protocol.tx.Checkpoint;
import io.gridwork.protocol.tx.CloseJob;
import io.gridwork.protocol.tx.CloseLease;
import io.gridwork.protocol.tx.CreateJob;
import io.gridwork.protocol.tx.DepositMore;
import io.gridwork.protocol.tx.Heartbeat;
import io.gridwork.protocol.tx.PlaceBid;
import io.gridwork.protocol.tx.RegisterProvider;
import io.gridwork.protocol.tx.Transaction;
import io.gridwork.protocol.tx.Transfer;
import io.gridwork.protocol.tx.UnbondStake;
import io.gridwork.protocol.tx.UnitResult;
import java.util.SortedMap;

/**
 * What pending transactions may take from their sender's balance, so the {@link Mempool} admits
 * only transactions whose fee is still there when their turn comes.
 */
final class Spending {
  private Spending() {}

  /**
   * The fee plus the tokens the body moves out of the sender's balance as far as the mempool can
   * tell without executing it; a bid's collateral is a ledger parameter and is left to the ledger.
   */
  static long cost(Transaction tx) {
    long value =
        switch (tx.body()) {
          case Transfer t -> t.amount();
          case RegisterProvider r -> r.stake();
          case BondStake b -> b.amount();
          case CreateJob c -> c.spec().pricing().deposit();
          case DepositMore d -> d.amount();
          case UnbondStake u -> 0;
          case PlaceBid b -> 0;
          case CloseJob c -> 0;
          case CloseLease c -> 0;
          case UnitResult u -> 0;
          case Heartbeat h -> 0;
          case AuditResult a -> 0;
          case Checkpoint c -> 0;
        };
    return saturatingAdd(tx.fee(), value);
  }

  /**
   * True when, running the sender's pending transactions and the new one in nonce order and
   * assuming each one before spends all it can, every one still finds its fee in {@code balance}.
   * The ledger includes a transaction that cannot pay its fee without charging anything, so
   * admitting one would hand out block space for free.
   */
  static boolean canPayEveryFee(
      long balance, SortedMap<Long, Pending> queue, long nonce, long fee, long cost) {
    if (queue == null) {
      return balance >= fee;
    }
    long spentBefore = 0;
    boolean newOneChecked = false;
    for (Pending p : queue.values()) {
      if (!newOneChecked && nonce < p.nonce()) {
        if (saturatingAdd(spentBefore, fee) > balance) {
          return false;
        }
        spentBefore = saturatingAdd(spentBefore, cost);
        newOneChecked = true;
      }
      if (saturatingAdd(spentBefore, p.fee()) > balance) {
        return false;
      }
      spentBefore = saturatingAdd(spentBefore, p.cost());
    }
    return newOneChecked || saturatingAdd(spentBefore, fee) <= balance;
  }

  static long saturatingAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
