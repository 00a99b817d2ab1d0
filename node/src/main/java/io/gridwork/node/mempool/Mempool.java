package io.gridwork.node.mempool;

import io.gridwork.chain.bank.Account;
import io.gridwork.chain.bank.Bank;
import io.gridwork.chain.genesis.Params;
import io.gridwork.chain.state.ReadableState;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.tx.AuditResult;
import io.gridwork.protocol.tx.BondStake;
import io.gridwork.protocol.tx.Checkpoint;
import io.gridwork.protocol.tx.CloseJob;
import io.gridwork.protocol.tx.CloseLease;
import io.gridwork.protocol.tx.CreateJob;
import io.gridwork.protocol.tx.DecodeResult;
import io.gridwork.protocol.tx.DepositMore;
import io.gridwork.protocol.tx.Heartbeat;
import io.gridwork.protocol.tx.PlaceBid;
import io.gridwork.protocol.tx.RegisterProvider;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.protocol.tx.Transaction;
import io.gridwork.protocol.tx.Transfer;
import io.gridwork.protocol.tx.TxCodec;
import io.gridwork.protocol.tx.UnbondStake;
import io.gridwork.protocol.tx.UnitResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Transactions waiting for a block. Admission is where a signature is verified, once: blocks only
 * ever contain transactions that passed here. Pending transactions are offered highest fee first,
 * then in arrival order, each sender's in consecutive nonce order from its account nonce.
 *
 * <p>Thread safety: all pool state is guarded by {@code this}; signatures are checked outside the
 * lock, batches on a fixed pool of platform threads owned by this object.
 */
public final class Mempool implements AutoCloseable {
  /** Transactions per signature-checking task: large enough to amortise the hand-off. */
  private static final int VERIFY_CHUNK = 64;

  private static final Comparator<Pending> BLOCK_ORDER =
      Comparator.comparingLong(Pending::fee).reversed().thenComparingLong(Pending::seq);
  private static final Comparator<Pending> EVICTION_ORDER =
      Comparator.comparingLong(Pending::fee)
          .thenComparing(Comparator.comparingLong(Pending::seq).reversed());

  /** Where the chain already holds a transaction: the height of its block, if any. */
  @FunctionalInterface
  public interface CommittedIndex {
    OptionalLong blockHeight(Hash txHash);
  }

  private final String chainId;
  private final CommittedIndex committedIndex;
  private final int maxTxs;
  private final int maxNonceGap;
  private final ExecutorService verifyPool;

  private final Map<Hash, Pending> byHash = new HashMap<>();
  private final Map<Address, TreeMap<Long, Pending>> bySender = new HashMap<>();
  private final TreeSet<Pending> byFee = new TreeSet<>(EVICTION_ORDER);
  private long nextSeq;

  /**
   * {@code committedIndex} lets admission refuse a transaction that is already in a block: one the
   * ledger refused without advancing the sender's nonce (say, it could not pay its fee) would
   * otherwise be valid again once the account is funded, and anyone holding its bytes could replay
   * it.
   */
  public Mempool(
      String chainId,
      CommittedIndex committedIndex,
      int maxTxs,
      int maxNonceGap,
      int verifyThreads) {
    this.chainId = chainId;
    this.committedIndex = committedIndex;
    this.maxTxs = maxTxs;
    this.maxNonceGap = maxNonceGap;
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

  /**
   * {@code cost} is the most the transaction can take from the sender: its fee plus the value it
   * moves.
   */
  private record Pending(
      SignedTransaction tx, Hash hash, Address sender, long nonce, long fee, long cost, long seq) {}

  /** The outcome of the checks that need neither the signature nor the state. */
  private sealed interface Prechecked {}

  private record Refused(Admission.Rejected rejection) implements Prechecked {}

  /** A transaction that decoded and is for this chain, its signature not yet checked. */
  private record Candidate(SignedTransaction tx, Hash hash) implements Prechecked {}

  /** Checks and admits one encoded transaction against the committed {@code state}. */
  public Admission submit(byte[] bytes, ReadableState state) {
    Candidate c;
    switch (precheck(bytes)) {
      case Refused r -> {
        return r.rejection();
      }
      case Candidate candidate -> c = candidate;
    }
    if (!c.tx().verifySignature()) {
      return badSignature(c);
    }
    Params params = Params.load(state);
    synchronized (this) {
      return admit(c, params, state);
    }
  }

  /**
   * Checks and admits a batch, verifying signatures in parallel; results are in input order.
   * Transactions are admitted in input order, so a sender's consecutive nonces may share a batch.
   */
  public List<Admission> submitBatch(List<byte[]> txs, ReadableState state) {
    Prechecked[] checked = new Prechecked[txs.size()];
    for (int i = 0; i < checked.length; i++) {
      checked[i] = precheck(txs.get(i));
    }
    boolean[] valid = verifyInParallel(checked);
    Params params = Params.load(state);
    List<Admission> out = new ArrayList<>(checked.length);
    synchronized (this) {
      for (int i = 0; i < checked.length; i++) {
        switch (checked[i]) {
          case Refused r -> out.add(r.rejection());
          case Candidate c -> out.add(valid[i] ? admit(c, params, state) : badSignature(c));
        }
      }
    }
    return out;
  }

  private boolean[] verifyInParallel(Prechecked[] checked) {
    boolean[] valid = new boolean[checked.length];
    List<Future<?>> tasks = new ArrayList<>();
    for (int start = 0; start < checked.length; start += VERIFY_CHUNK) {
      int from = start;
      int to = Math.min(checked.length, start + VERIFY_CHUNK);
      tasks.add(
          verifyPool.submit(
              () -> {
                for (int i = from; i < to; i++) {
                  if (checked[i] instanceof Candidate c) {
                    valid[i] = c.tx().verifySignature();
                  }
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
    return valid;
  }

  /** Stateless checks: size, decoding, chain id, and whether the exact bytes are pending. */
  private Prechecked precheck(byte[] bytes) {
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
    synchronized (this) {
      if (byHash.containsKey(hash)) {
        return new Refused(duplicate(hash));
      }
    }
    return new Candidate(tx, hash);
  }

  private static Admission.Rejected badSignature(Candidate c) {
    return new Admission.Rejected(
        c.hash(),
        RejectCode.BAD_SIGNATURE,
        "signature does not match sender " + c.tx().tx().senderAddress() + "; sign with its key");
  }

  private static Admission.Rejected duplicate(Hash hash) {
    return new Admission.Rejected(
        hash, RejectCode.DUPLICATE, "transaction " + hash + " is already pending");
  }

  private Admission admit(Candidate c, Params params, ReadableState state) {
    Transaction tx = c.tx().tx();
    Hash hash = c.hash();
    Address sender = tx.senderAddress();
    if (byHash.containsKey(hash)) {
      return duplicate(hash);
    }
    // Under the lock, and after the pending check: a block's transactions leave the pool only
    // once the block is stored, so a transaction is always found in one place or the other.
    OptionalLong committedAt = committedIndex.blockHeight(hash);
    if (committedAt.isPresent()) {
      return new Admission.Rejected(
          hash,
          RejectCode.ALREADY_COMMITTED,
          "transaction "
              + hash
              + " is already in block "
              + committedAt.getAsLong()
              + "; a transaction runs at most once, so sign a new one to try again");
    }
    Account account = Bank.account(state, sender);
    if (account.balance() == 0 && account.nonce() == 0) {
      return new Admission.Rejected(
          hash,
          RejectCode.UNKNOWN_ACCOUNT,
          "account " + sender + " has never held funds; send it some GRID first");
    }
    if (tx.fee() < params.minFee()) {
      return new Admission.Rejected(
          hash,
          RejectCode.FEE_TOO_LOW,
          "fee "
              + Amount.format(tx.fee())
              + " is below the minimum fee "
              + Amount.format(params.minFee()));
    }
    if (account.balance() < tx.fee()) {
      return new Admission.Rejected(
          hash,
          RejectCode.INSUFFICIENT_FEE_FUNDS,
          "account "
              + sender
              + " holds "
              + Amount.format(account.balance())
              + ", less than the fee "
              + Amount.format(tx.fee()));
    }
    if (tx.nonce() < account.nonce()) {
      return new Admission.Rejected(
          hash,
          RejectCode.NONCE_TOO_LOW,
          "nonce "
              + tx.nonce()
              + " is already used; the account's next nonce is "
              + account.nonce());
    }
    if (tx.nonce() - account.nonce() >= maxNonceGap) {
      return new Admission.Rejected(
          hash,
          RejectCode.NONCE_TOO_FAR_AHEAD,
          "nonce "
              + tx.nonce()
              + " is too far ahead of the account's next nonce "
              + account.nonce()
              + " (at most "
              + (maxNonceGap - 1)
              + " ahead)");
    }
    TreeMap<Long, Pending> queue = bySender.get(sender);
    if (queue != null && queue.containsKey(tx.nonce())) {
      return new Admission.Rejected(
          hash,
          RejectCode.NONCE_ALREADY_PENDING,
          "another transaction from "
              + sender
              + " with nonce "
              + tx.nonce()
              + " is already pending ("
              + queue.get(tx.nonce()).hash()
              + "); wait until it is in a block, then sign again with the next nonce");
    }
    long cost = cost(tx);
    if (!canPayEveryFee(account.balance(), queue, tx.nonce(), tx.fee(), cost)) {
      return new Admission.Rejected(
          hash,
          RejectCode.INSUFFICIENT_FEE_FUNDS,
          "account "
              + sender
              + " holds "
              + Amount.format(account.balance())
              + ", too little to pay the fee of this transaction and of its "
              + queue.size()
              + " pending ones after what they spend; wait until they are in a block or fund"
              + " the account");
    }
    if (byHash.size() >= maxTxs) {
      Pending cheapest = byFee.first();
      if (tx.fee() <= cheapest.fee()) {
        return new Admission.Rejected(
            hash,
            RejectCode.MEMPOOL_FULL,
            "mempool is full ("
                + maxTxs
                + " transactions); pay a fee above "
                + Amount.format(cheapest.fee())
                + " or retry later");
      }
      remove(cheapest);
    }
    Pending p = new Pending(c.tx(), hash, sender, tx.nonce(), tx.fee(), cost, nextSeq++);
    byHash.put(hash, p);
    bySender.computeIfAbsent(sender, a -> new TreeMap<>()).put(p.nonce(), p);
    byFee.add(p);
    return new Admission.Accepted(hash);
  }

  /**
   * True when, running the sender's pending transactions and the new one in nonce order and
   * assuming each one before spends all it can, every one still finds its fee in {@code balance}.
   * The ledger includes a transaction that cannot pay its fee without charging anything, so
   * admitting one would hand out block space for free.
   */
  private static boolean canPayEveryFee(
      long balance, TreeMap<Long, Pending> queue, long nonce, long fee, long cost) {
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

  /**
   * The fee plus the tokens the body moves out of the sender's balance as far as the mempool can
   * tell without executing it; a bid's collateral is a ledger parameter and is left to the ledger.
   */
  private static long cost(Transaction tx) {
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

  private static long saturatingAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  private void remove(Pending p) {
    byHash.remove(p.hash());
    byFee.remove(p);
    TreeMap<Long, Pending> queue = bySender.get(p.sender());
    if (queue != null) {
      queue.remove(p.nonce());
      if (queue.isEmpty()) {
        bySender.remove(p.sender());
      }
    }
  }

  /**
   * Up to {@code max} transactions for the next block: highest fee first, ties in arrival order,
   * each sender's only as a run of consecutive nonces starting at its account nonce.
   */
  public synchronized List<SignedTransaction> select(int max, ReadableState state) {
    PriorityQueue<Pending> ready = new PriorityQueue<>(BLOCK_ORDER);
    for (Map.Entry<Address, TreeMap<Long, Pending>> e : bySender.entrySet()) {
      Pending first = e.getValue().get(Bank.account(state, e.getKey()).nonce());
      if (first != null) {
        ready.add(first);
      }
    }
    List<SignedTransaction> out = new ArrayList<>(Math.min(max, byHash.size()));
    while (out.size() < max && !ready.isEmpty()) {
      Pending p = ready.poll();
      out.add(p.tx());
      Pending next = bySender.get(p.sender()).get(p.nonce() + 1);
      if (next != null) {
        ready.add(next);
      }
    }
    return out;
  }

  /**
   * Forgets transactions a committed block included, and those of the same senders whose nonce the
   * committed {@code state} has now passed. {@code hashes} are the included transactions' ids in
   * the same order, which the block producer has already computed.
   */
  public synchronized void removeCommitted(
      List<SignedTransaction> included, List<Hash> hashes, ReadableState state) {
    if (hashes.size() != included.size()) {
      throw new IllegalArgumentException("one hash per included transaction expected");
    }
    Map<Address, Boolean> senders = new HashMap<>();
    for (int i = 0; i < included.size(); i++) {
      Pending p = byHash.get(hashes.get(i));
      if (p != null) {
        remove(p);
        senders.put(p.sender(), Boolean.TRUE);
      } else {
        senders.put(included.get(i).tx().senderAddress(), Boolean.TRUE);
      }
    }
    for (Address sender : senders.keySet()) {
      TreeMap<Long, Pending> queue = bySender.get(sender);
      if (queue == null) {
        continue;
      }
      long nonce = Bank.account(state, sender).nonce();
      for (Pending stale : List.copyOf(queue.headMap(nonce).values())) {
        remove(stale);
      }
    }
  }

  public synchronized Optional<SignedTransaction> pending(Hash hash) {
    Pending p = byHash.get(hash);
    return p == null ? Optional.empty() : Optional.of(p.tx());
  }

  public synchronized int size() {
    return byHash.size();
  }

  @Override
  public void close() {
    verifyPool.shutdownNow();
  }
}
