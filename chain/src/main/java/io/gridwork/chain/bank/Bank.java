package io.gridwork.chain.bank;

import io.gridwork.chain.exec.Rejection;
import io.gridwork.chain.exec.TxContext;
import io.gridwork.chain.state.Keys;
import io.gridwork.chain.state.ReadableState;
import io.gridwork.chain.state.State;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.codec.CanonicalReader;
import io.gridwork.protocol.codec.CanonicalWriter;
import io.gridwork.protocol.error.BankError;
import io.gridwork.protocol.event.FeePaid;
import io.gridwork.protocol.event.LedgerEvent;
import io.gridwork.protocol.event.Transferred;
import io.gridwork.protocol.tx.Transfer;
import java.util.List;
import java.util.Optional;

/**
 * Accounts, transfers and the fee pool: every movement of spendable tokens goes through here so
 * that balance checks, overflow checks and their messages are written once.
 */
public final class Bank {
  private Bank() {}

  /** The account at {@code address}; an address never seen holds nothing and expects nonce 0. */
  public static Account account(ReadableState state, Address address) {
    byte[] value = state.get(Keys.account(address));
    if (value == null) {
      return new Account(address, 0, 0);
    }
    CanonicalReader r = new CanonicalReader(value);
    Account account = new Account(address, r.nonNegative("balance"), r.nonNegative("nonce"));
    r.expectEnd("account");
    return account;
  }

  /** Stores {@code account}; an empty account with nonce 0 is removed rather than kept. */
  public static void putAccount(State state, Account account) {
    byte[] key = Keys.account(account.address());
    if (account.balance() == 0 && account.nonce() == 0) {
      state.delete(key);
      return;
    }
    state.put(
        key, new CanonicalWriter(16).i64(account.balance()).i64(account.nonce()).toByteArray());
  }

  /** The fees collected so far. */
  public static long feePool(ReadableState state) {
    byte[] value = state.get(Keys.feePool());
    if (value == null) {
      return 0;
    }
    CanonicalReader r = new CanonicalReader(value);
    long amount = r.nonNegative("fee pool");
    r.expectEnd("fee pool");
    return amount;
  }

  /**
   * Moves the fee from the sender into the fee pool and advances the sender's nonce. The executor
   * has already checked that the balance covers the fee.
   */
  public static void chargeFee(State state, Address payer, long fee, List<LedgerEvent> events) {
    Account account = account(state, payer);
    putAccount(
        state,
        new Account(
            payer,
            Math.subtractExact(account.balance(), fee),
            Math.incrementExact(account.nonce())));
    addToFeePool(state, fee);
    events.add(new FeePaid(payer, fee));
  }

  /** Adds {@code amount} to the fee pool, e.g. the network's cut of a marketplace payment. */
  public static void addToFeePool(State state, long amount) {
    state.put(
        Keys.feePool(),
        new CanonicalWriter(8).i64(Math.addExact(feePool(state), amount)).toByteArray());
  }

  /** The unreserved tokens in the verification pool, which pays auditors. */
  public static long verificationPool(ReadableState state) {
    byte[] value = state.get(Keys.verificationPool());
    if (value == null) {
      return 0;
    }
    CanonicalReader r = new CanonicalReader(value);
    long amount = r.nonNegative("verification pool");
    r.expectEnd("verification pool");
    return amount;
  }

  /**
   * Adds {@code amount} to the verification pool (a genesis seed, a verification fee, or a
   * reservation an audit gives back); a negative amount takes a reservation out of it.
   */
  public static void addToVerificationPool(State state, long amount) {
    long pool = Math.addExact(verificationPool(state), amount);
    if (pool < 0) {
      throw new IllegalStateException(
          "the verification pool would hold " + pool + "ugrid after moving " + amount + "ugrid");
    }
    state.put(Keys.verificationPool(), new CanonicalWriter(8).i64(pool).toByteArray());
  }

  /** The tokens destroyed so far (the burned part of slashed stake). */
  public static long burned(ReadableState state) {
    byte[] value = state.get(Keys.burned());
    if (value == null) {
      return 0;
    }
    CanonicalReader r = new CanonicalReader(value);
    long amount = r.nonNegative("burned");
    r.expectEnd("burned");
    return amount;
  }

  /**
   * Destroys {@code amount} tokens taken from somewhere in the supply (slashed stake): they are
   * counted as burned so the supply audit still adds up to the genesis supply.
   */
  public static void burn(State state, long amount) {
    state.put(
        Keys.burned(),
        new CanonicalWriter(8).i64(Math.addExact(burned(state), amount)).toByteArray());
  }

  /**
   * Credits tokens that were already part of the supply (escrow, collateral), which therefore
   * cannot overflow a balance; an overflow would be a bug.
   */
  public static void release(State state, Address to, long amount) {
    credit(state, to, amount)
        .ifPresent(
            r -> {
              throw new IllegalStateException("crediting locked tokens: " + r.message());
            });
  }

  /** Executes a {@link Transfer} from the sender. */
  public static Optional<Rejection> transfer(
      State state, TxContext tx, Transfer transfer, List<LedgerEvent> events) {
    if (transfer.amount() <= 0) {
      return Optional.of(
          new Rejection(
              BankError.INVALID_AMOUNT, "a transfer must move more than 0ugrid, got 0ugrid"));
    }
    Optional<Rejection> debited = debit(state, tx, transfer.amount(), "amount");
    if (debited.isPresent()) {
      return debited;
    }
    Optional<Rejection> credited = credit(state, transfer.to(), transfer.amount());
    if (credited.isPresent()) {
      return credited;
    }
    events.add(new Transferred(tx.sender(), transfer.to(), transfer.amount()));
    return Optional.empty();
  }

  /**
   * Takes {@code amount} from the sender's balance for {@code purpose} (e.g. "amount", "stake").
   * The fee is already charged, so the message adds it back: the user sees the balance they had and
   * the total the transaction needed.
   */
  public static Optional<Rejection> debit(State state, TxContext tx, long amount, String purpose) {
    Account account = account(state, tx.sender());
    if (account.balance() < amount) {
      long hadBefore = saturatingAdd(account.balance(), tx.fee());
      String needs =
          Long.MAX_VALUE - amount < tx.fee()
              ? "more than can exist"
              : Amount.format(amount + tx.fee());
      return Optional.of(
          new Rejection(
              BankError.INSUFFICIENT_FUNDS,
              "insufficient funds: balance "
                  + Amount.format(hadBefore)
                  + ", needs "
                  + needs
                  + " ("
                  + purpose
                  + " "
                  + Amount.format(amount)
                  + " + fee "
                  + Amount.format(tx.fee())
                  + ")"));
    }
    putAccount(state, new Account(account.address(), account.balance() - amount, account.nonce()));
    return Optional.empty();
  }

  /** Adds {@code amount} to the balance of {@code to}, refusing to overflow. */
  public static Optional<Rejection> credit(State state, Address to, long amount) {
    Account account = account(state, to);
    if (Long.MAX_VALUE - account.balance() < amount) {
      return Optional.of(
          new Rejection(
              BankError.INVALID_AMOUNT,
              "amount "
                  + Amount.format(amount)
                  + " would overflow the balance of "
                  + to
                  + " ("
                  + Amount.format(account.balance())
                  + ")"));
    }
    putAccount(state, new Account(to, account.balance() + amount, account.nonce()));
    return Optional.empty();
  }

  private static long saturatingAdd(long a, long b) {
    return Long.MAX_VALUE - a < b ? Long.MAX_VALUE : a + b;
  }
}
