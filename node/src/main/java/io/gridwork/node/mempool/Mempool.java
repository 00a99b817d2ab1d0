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
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>Thread safety: all pool state is guarded by {@code this}; {@code byHash} may also be read
 * without it (a lock-free look for duplicates before the costly signature check). Decoding, hashing
 * and signature checks run outside the lock, those of batches on a fixed pool of platform threads
 * owned by this object.
 */
public final class Mempool implements AutoCloseable {
  /** Transactions per checking task: large enough to amortise the hand-off. */
  private static final int CHECK_CHUNK = 64;

  // Written out rather than composed from key extractors: every admission, selection and removal
  // runs them a dozen times or more.

  /** Highest fee first, then arrival order. */
  private static final Comparator<Pending> BLOCK_ORDER =
      (a, b) ->
          a.fee() != b.fee() ? Long.compare(b.fee(), a.fee()) : Long.compare(a.seq(), b.seq());

  /** Lowest fee first, then the latest arrival: the order in which a full pool evicts. */
  private static final Comparator<Pending> EVICTION_ORDER =
      (a, b) ->
          a.fee() != b.fee() ? Long.compare(a.fee(), b.fee()) : Long.compare(b.seq(), a.seq());

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

  private final Map<Hash, Pending> byHash = new ConcurrentHashMap<>();
  private final Map<Address, SenderQueue> bySender = new HashMap<>();
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
      PendingTx entry, Address sender, long nonce, long fee, long cost, long seq) {
    Hash hash() {
      return entry.hash();
    }
  }

  /**
   * One sender's pending transactions by nonce, and the sender's account nonce as the committed
   * state last showed it. Only blocks advance an account nonce, and each block's senders are read
   * again when the block is removed, so the figure is current whenever the producer selects; it
   * spares selection a state read per sender.
   */
  private static final class SenderQueue {
    final TreeMap<Long, Pending> byNonce = new TreeMap<>();
    long accountNonce;

    SenderQueue(long accountNonce) {
      this.accountNonce = accountNonce;
    }
  }

  /** The outcome of the checks that need no state: decoding, chain, duplicates, signature. */
  private sealed interface Checked {}

  private record Refused(Admission.Rejected rejection) implements Checked {}

  /** A transaction that decoded, is for this chain and carries its sender's signature. */
  private record Candidate(SignedTransaction tx, Hash hash, byte[] encoded) implements Checked {}

  /** Checks and admits one encoded transaction against the committed {@code state}. */
  public Admission submit(byte[] bytes, ReadableState state) {
    return switch (check(bytes)) {
      case Refused r -> r.rejection();
      case Candidate c -> {
        Params params = Params.load(state);
        synchronized (this) {
          yield admit(c, params, state);
        }
      }
    };
  }

  /**
   * Checks and admits a batch, decoding and verifying signatures in parallel; results are in input
   * order. Transactions are admitted in input order, so a sender's consecutive nonces may share a
   * batch.
   */
  public List<Admission> submitBatch(List<byte[]> txs, ReadableState state) {
    Checked[] checked = checkInParallel(txs);
    Params params = Params.load(state);
    List<Admission> out = new ArrayList<>(checked.length);
    synchronized (this) {
      for (Checked c : checked) {
        switch (c) {
          case Refused r -> out.add(r.rejection());
          case Candidate candidate -> out.add(admit(candidate, params, state));
        }
      }
    }
    return out;
  }

  private Checked[] checkInParallel(List<byte[]> txs) {
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
  private Checked check(byte[] bytes) {
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
    if (byHash.containsKey(hash)) {
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
    return new Candidate(tx, hash, bytes);
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
    SenderQueue queue = bySender.get(sender);
    if (queue != null && queue.byNonce.containsKey(tx.nonce())) {
      return new Admission.Rejected(
          hash,
          RejectCode.NONCE_ALREADY_PENDING,
          "another transaction from "
              + sender
              + " with nonce "
              + tx.nonce()
              + " is already pending ("
              + queue.byNonce.get(tx.nonce()).hash()
              + "); wait until it is in a block, then sign again with the next nonce");
    }
    long cost = cost(tx);
    if (!canPayEveryFee(
        account.balance(), queue == null ? null : queue.byNonce, tx.nonce(), tx.fee(), cost)) {
      return new Admission.Rejected(
          hash,
          RejectCode.INSUFFICIENT_FEE_FUNDS,
          "account "
              + sender
              + " holds "
              + Amount.format(account.balance())
              + ", too little to pay the fee of this transaction and of its "
              + queue.byNonce.size()
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
    Pending p =
        new Pending(
            new PendingTx(c.tx(), hash, c.encoded()),
            sender,
            tx.nonce(),
            tx.fee(),
            cost,
            nextSeq++);
    SenderQueue target = bySender.computeIfAbsent(sender, a -> new SenderQueue(account.nonce()));
    // A read taken before the latest block may trail the queue's figure, never lead it.
    target.accountNonce = Math.max(target.accountNonce, account.nonce());
    target.byNonce.put(p.nonce(), p);
    byHash.put(hash, p);
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
    SenderQueue queue = bySender.get(p.sender());
    if (queue != null) {
      queue.byNonce.remove(p.nonce());
      if (queue.byNonce.isEmpty()) {
        bySender.remove(p.sender());
      }
    }
  }

  /**
   * Up to {@code max} transactions for the next block: highest fee first, ties in arrival order,
   * each sender's only as a run of consecutive nonces starting at its account nonce. The account
   * nonces are those of the committed state once the previous block has been passed to {@link
   * #removeCommitted}.
   */
  public synchronized List<PendingTx> select(int max) {
    PriorityQueue<Pending> ready = new PriorityQueue<>(BLOCK_ORDER);
    for (SenderQueue queue : bySender.values()) {
      Pending first = queue.byNonce.get(queue.accountNonce);
      if (first != null) {
        ready.add(first);
      }
    }
    List<PendingTx> out = new ArrayList<>(Math.min(max, byHash.size()));
    while (out.size() < max && !ready.isEmpty()) {
      Pending p = ready.poll();
      out.add(p.entry());
      Pending next = bySender.get(p.sender()).byNonce.get(p.nonce() + 1);
      if (next != null) {
        ready.add(next);
      }
    }
    return out;
  }

  /**
   * Forgets transactions a committed block included, and those of the same senders whose nonce the
   * committed {@code state} has now passed. Must be called with every block, in order, once it is
   * stored: the senders' nonces it reads are what {@link #select} goes by.
   */
  public void removeCommitted(List<PendingTx> included, ReadableState state) {
    Set<Address> senders = new HashSet<>();
    synchronized (this) {
      for (PendingTx t : included) {
        Pending p = byHash.get(t.hash());
        if (p != null) {
          remove(p);
          senders.add(p.sender());
        } else {
          senders.add(t.tx().tx().senderAddress());
        }
      }
      senders.removeIf(sender -> !bySender.containsKey(sender));
    }
    // The stored state only changes with the next block, which waits for this call, so the
    // nonces can be read without holding up admission.
    Map<Address, Long> nonces = new HashMap<>();
    for (Address sender : senders) {
      nonces.put(sender, Bank.account(state, sender).nonce());
    }
    synchronized (this) {
      for (Map.Entry<Address, Long> e : nonces.entrySet()) {
        SenderQueue queue = bySender.get(e.getKey());
        if (queue == null) {
          continue;
        }
        long nonce = e.getValue();
        queue.accountNonce = Math.max(queue.accountNonce, nonce);
        for (Pending stale : List.copyOf(queue.byNonce.headMap(nonce).values())) {
          remove(stale);
        }
      }
    }
  }

  public Optional<SignedTransaction> pending(Hash hash) {
    Pending p = byHash.get(hash);
    return p == null ? Optional.empty() : Optional.of(p.entry().tx());
  }

  public int size() {
    return byHash.size();
  }

  @Override
  public void close() {
    verifyPool.shutdownNow();
  }
}
