package io.gridwork.testkit;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.tx.BondStake;
import io.gridwork.protocol.tx.GpuInventory;
import io.gridwork.protocol.tx.RegisterProvider;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.protocol.tx.Transaction;
import io.gridwork.protocol.tx.Transfer;
import io.gridwork.protocol.tx.TxBody;
import io.gridwork.protocol.tx.UnbondStake;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds signed transactions for one chain, tracking each sender's next nonce so tests read as a
 * sequence of intentions rather than bookkeeping. Not thread-safe: one per test.
 */
public final class TxFactory {
  public static final long DEFAULT_FEE = 1_000;

  private final String chainId;
  private final Map<Address, Long> nextNonce = new HashMap<>();
  private long fee = DEFAULT_FEE;

  public TxFactory(String chainId) {
    this.chainId = chainId;
  }

  /** Uses {@code fee} ugrid for the transactions built from now on. */
  public TxFactory withFee(long fee) {
    this.fee = fee;
    return this;
  }

  /** Sets the nonce the next transaction of {@code key} will carry. */
  public TxFactory nonce(KeyPair key, long nonce) {
    nextNonce.put(key.address(), nonce);
    return this;
  }

  /** Signs {@code body} from {@code key} with its next nonce, then advances the nonce. */
  public SignedTransaction sign(KeyPair key, TxBody body) {
    long nonce = nextNonce.getOrDefault(key.address(), 0L);
    nextNonce.put(key.address(), nonce + 1);
    return new Transaction(chainId, key.publicKey(), nonce, fee, body).sign(key);
  }

  public SignedTransaction transfer(KeyPair from, Address to, long amount) {
    return sign(from, new Transfer(to, amount));
  }

  /**
   * Registers {@code key} as a provider of {@code count} GPUs of {@code model} in {@code region}.
   */
  public SignedTransaction registerProvider(
      KeyPair key, String model, int count, String region, long stake) {
    return sign(
        key,
        new RegisterProvider(
            List.of(new GpuInventory(model, 24_576, count)),
            region,
            "standard",
            new TreeMap<>(),
            stake));
  }

  public SignedTransaction bond(KeyPair key, long amount) {
    return sign(key, new BondStake(amount));
  }

  public SignedTransaction unbond(KeyPair key, long amount) {
    return sign(key, new UnbondStake(amount));
  }
}
