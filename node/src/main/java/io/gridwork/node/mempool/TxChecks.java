package io.gridwork.node.mempool;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.error.RejectCode;
import io.gridwork.protocol.tx.DecodeResult;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.protocol.tx.TxCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The checks of a submitted transaction that need no state (size, decoding, chain id, duplicates,
 * signature), run before the {@link Mempool} takes its lock. A batch is checked on a fixed pool of
 * platform threads that this object owns; it holds no other state.
 */
final class TxChecks implements AutoCloseable {
  /** Transactions per checking task: large enough to amortise the hand-off. */
  private static final int CHECK_CHUNK = 64;

  private final String chainId;
  private final Predicate<Hash> isPending;
  private final ExecutorService verifyPool;

  /** {@code isPending} is a lock-free look for duplicates, asked before the costly signature. */
  TxChecks(String chainId, Predicate<Hash> isPending, int verifyThreads) {
    this.chainId = chainId;
    this.isPending = isPending;
    AtomicInteger n = new AtomicInteger();
    this.verifyPool =
        Executors.newFixedThreadPool(
            verifyThreads,
            r -> {
              Thread t = new Thread(r, "gridwork-verify-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** The outcome of the checks that need no state: decoding, chain, duplicates, signature. */
  sealed interface Checked {}

  record Refused(Admission.Rejected rejection) implements Checked {}

  /** A transaction that decoded, is for this chain and carries its sender's signature. */
  record Candidate(SignedTransaction tx, Hash hash, byte[] encoded, Address sender)
      implements Checked {}

  /** Checks a batch in parallel; the outcomes are in input order. */
  Checked[] checkAll(List<byte[]> txs) {
    Checked[] checked = new Checked[txs.size()];
    List<Future<?>> tasks = new ArrayList<>();
    for (int start = 0; start < checked.length; start += CHECK_CHUNK) {
      int from = start;
      int to = Math.min(checked.length, start + CHECK_CHUNK);
      tasks.add(
          verifyPool.submit(
              () -> {
                for (int i = from; i < to; i++) {
                  checked[i] = check(txs.get(i));
                }
              }));
    }
    try {
      for (Future<?> f : tasks) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      tasks.forEach(f -> f.cancel(true));
      throw new IllegalStateException("interrupted while verifying signatures", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("signature verification failed", e.getCause());
    }
    return checked;
  }

  /**
   * Stateless checks: size, decoding, chain id, whether the exact bytes are pending, and the
   * signature, which covers the submitted bytes up to the signature itself.
   */
  Checked check(byte[] bytes) {
    if (bytes.length > TxCodec.MAX_TX_BYTES) {
      return new Refused(
          new Admission.Rejected(
              null,
              RejectCode.TOO_LARGE,
              "transaction is " + bytes.length + " bytes, at most " + TxCodec.MAX_TX_BYTES));
    }
    SignedTransaction tx;
    switch (TxCodec.decode(bytes)) {
      case DecodeResult.Ok ok -> tx = ok.tx();
      case DecodeResult.Malformed m -> {
        return new Refused(new Admission.Rejected(null, RejectCode.MALFORMED, m.reason()));
      }
    }
    Hash hash = Hash.sha256(bytes);
    if (!tx.tx().chainId().equals(chainId)) {
      return new Refused(
          new Admission.Rejected(
              hash,
              RejectCode.WRONG_CHAIN_ID,
              "transaction is for chain '"
                  + tx.tx().chainId()
                  + "' but this node runs '"
                  + chainId
                  + "'"));
    }
    if (isPending.test(hash)) {
      return new Refused(duplicate(hash));
    }
    int unsignedLength = bytes.length - SignedTransaction.SIGNATURE_LENGTH;
    byte[] signature = Arrays.copyOfRange(bytes, unsignedLength, bytes.length);
    if (!tx.tx().sender().verify(bytes, 0, unsignedLength, signature)) {
      return new Refused(
          new Admission.Rejected(
              hash,
              RejectCode.BAD_SIGNATURE,
              "signature does not match sender "
                  + tx.tx().senderAddress()
                  + "; sign with its key"));
    }
    // Derived here, in parallel, rather than under the lock at admission.
    return new Candidate(tx, hash, bytes, tx.tx().senderAddress());
  }

  static Admission.Rejected duplicate(Hash hash) {
    return new Admission.Rejected(
        hash, RejectCode.DUPLICATE, "transaction " + hash + " is already pending");
  }

  @Override
  public void close() {
    verifyPool.shutdownNow();
  }
}
