package io.gridwork.node.mempool;

import io.gridwork.chain.bank.Account;
import io.gridwork.chain.bank.Bank;
import io.gridwork.chain.genesis.Params;
import io.gridwork.chain.state.ReadableState;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.error.RejectCode;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.protocol.tx.Transaction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Transactions waiting for a block. Admission is where a signature is verified, once: blocks only
 * ever contain transactions that passed here. Pending transactions are offered highest fee first,
 * then in arrival order, each sender's in consecutive nonce order from its account nonce.
 *
 * <p>Thread safety: all pool state is guarded by {@code this}; {@code byHash} may also be read
 * without it (a lock-free look for duplicates before the costly signature check). Decoding, hashing
 * and signature checks run outside the lock, in {@link TxChecks}, those of batches on the platform
 * threads it owns.
 */
public final class Mempool implements AutoCloseable {
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

  /** Arrival order: the order in which transactions behind a nonce gap expire. */
  private static final Comparator<Pending> ARRIVAL_ORDER = (a, b) -> Long.compare(a.seq(), b.seq());

  /** Where the chain already holds a transaction: the height of its block, if any. */
  @FunctionalInterface
  public interface CommittedIndex {
    OptionalLong blockHeight(Hash txHash);
  }

  private final CommittedIndex committedIndex;
  private final int maxTxs;
  private final int maxNonceGap;
  private final int maxPerSender;
  private final int gapExpiryBlocks;
  private final TxChecks checks;

  private final Map<Hash, Pending> byHash = new ConcurrentHashMap<>();
  private final Map<Address, SenderQueue> bySender = new HashMap<>();
  private final TreeSet<Pending> byFee = new TreeSet<>(EVICTION_ORDER);

  /**
   * The transactions that cannot run yet because a nonce before them is missing, twice: cheapest
   * first (what a full pool gives up first) and oldest first (what expires first).
   */
  private final TreeSet<Pending> gappedByFee = new TreeSet<>(EVICTION_ORDER);

  private final TreeSet<Pending> gappedByAge = new TreeSet<>(ARRIVAL_ORDER);
  private long nextSeq;

  /** Blocks passed to {@link #removeCommitted} so far: the clock gapped transactions expire by. */
  private long blocks;

  /**
   * {@code committedIndex} lets admission refuse a transaction that is already in a block: one the
   * ledger refused without advancing the sender's nonce (say, it could not pay its fee) would
   * otherwise be valid again once the account is funded, and anyone holding its bytes could replay
   * it.
   *
   * <p>Transactions behind a nonce gap cost their sender nothing until the gap is filled, so they
   * are held on sufferance: at most {@code maxPerSender} pending per sender, dropped once {@code
   * gapExpiryBlocks} blocks have passed since their arrival with the gap still open, and given up
   * first, whatever their fee, when a transaction that can run next needs room.
   */
  public Mempool(
      String chainId,
      CommittedIndex committedIndex,
      int maxTxs,
      int maxNonceGap,
      int maxPerSender,
      int gapExpiryBlocks,
      int verifyThreads) {
    this.committedIndex = committedIndex;
    this.maxTxs = maxTxs;
    this.maxNonceGap = maxNonceGap;
    this.maxPerSender = maxPerSender;
    this.gapExpiryBlocks = gapExpiryBlocks;
    this.checks = new TxChecks(chainId, byHash::containsKey, verifyThreads);
  }

  /**
   * One sender's pending transactions by nonce, and the sender's account nonce as the committed
   * state last showed it. Only blocks advance an account nonce, and each block's senders are read
   * again when the block is removed, so the figure is current whenever the producer selects; it
   * spares selection a state read per sender.
   *
   * <p>{@code readyEnd} is the first nonce from {@code accountNonce} on that is not pending: the
   * transactions below it can run in order, those above it wait behind a gap.
   */
  private static final class SenderQueue {
    final Address sender;
    final TreeMap<Long, Pending> byNonce = new TreeMap<>();
    long accountNonce;
    long readyEnd;

    SenderQueue(Address sender, long accountNonce) {
      this.sender = sender;
      this.accountNonce = accountNonce;
      this.readyEnd = accountNonce;
    }
  }

  /** Checks and admits one encoded transaction against the committed {@code state}. */
  public Admission submit(byte[] bytes, ReadableState state) {
    return switch (checks.check(bytes)) {
      case TxChecks.Refused r -> r.rejection();
      case TxChecks.Candidate c -> {
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
    TxChecks.Checked[] checked = checks.checkAll(txs);
    Params params = Params.load(state);
    List<Admission> out = new ArrayList<>(checked.length);
    synchronized (this) {
      for (TxChecks.Checked c : checked) {
        switch (c) {
          case TxChecks.Refused r -> out.add(r.rejection());
          case TxChecks.Candidate candidate -> out.add(admit(candidate, params, state));
        }
      }
    }
    return out;
  }

  private Admission admit(TxChecks.Candidate c, Params params, ReadableState state) {
    Transaction tx = c.tx().tx();
    Hash hash = c.hash();
    Address sender = c.sender();
    if (byHash.containsKey(hash)) {
      return TxChecks.duplicate(hash);
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
    if (queue != null) {
      settle(queue, account.nonce());
      queue = bySender.get(sender);
    }
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
    long readyEnd = queue == null ? account.nonce() : queue.readyEnd;
    // Every nonce below readyEnd is pending or used, so this is the one case that can run next.
    boolean executable = tx.nonce() == readyEnd;
    Pending victim = null;
    if (queue != null && queue.byNonce.size() >= maxPerSender) {
      Pending last = queue.byNonce.lastEntry().getValue();
      if (!executable || last.nonce() < readyEnd) {
        return new Admission.Rejected(
            hash,
            RejectCode.TOO_MANY_PENDING,
            "account "
                + sender
                + " already has "
                + queue.byNonce.size()
                + " pending transactions, at most "
                + maxPerSender
                + (executable
                    ? "; wait until some are in a block"
                    : "; submit nonce " + readyEnd + " first, or wait until some are in a block"));
      }
      victim = last;
    }
    long cost = Spending.cost(tx);
    // A transaction that can run next is only held to the fees of those before it; waiting ones
    // it cannot leave room for are dropped instead, once it is in.
    SortedMap<Long, Pending> ahead =
        queue == null ? null : executable ? queue.byNonce.headMap(readyEnd) : queue.byNonce;
    if (!Spending.canPayEveryFee(account.balance(), ahead, tx.nonce(), tx.fee(), cost)) {
      return new Admission.Rejected(
          hash,
          RejectCode.INSUFFICIENT_FEE_FUNDS,
          "account "
              + sender
              + " holds "
              + Amount.format(account.balance())
              + ", too little to pay the fee of this transaction and of its "
              + ahead.size()
              + " pending ones after what they spend; wait until they are in a block or fund"
              + " the account");
    }
    if (victim == null && byHash.size() >= maxTxs) {
      Pending cheapestGapped = gappedByFee.isEmpty() ? null : gappedByFee.first();
      if (executable && cheapestGapped != null) {
        victim = cheapestGapped;
      } else if (executable && tx.fee() > byFee.first().fee()) {
        victim = byFee.first();
      } else if (!executable && cheapestGapped != null && tx.fee() > cheapestGapped.fee()) {
        victim = cheapestGapped;
      } else {
        return new Admission.Rejected(
            hash,
            RejectCode.MEMPOOL_FULL,
            "mempool is full ("
                + maxTxs
                + " transactions); "
                + (executable
                    ? "pay a fee above " + Amount.format(byFee.first().fee()) + " or retry later"
                    : "nonce "
                        + tx.nonce()
                        + " cannot run before nonce "
                        + readyEnd
                        + " and is only kept while there is room; submit nonce "
                        + readyEnd
                        + " first"));
      }
    }
    if (victim != null) {
      remove(victim);
    }
    Pending p =
        new Pending(
            new PendingTx(c.tx(), hash, c.encoded()),
            sender,
            tx.nonce(),
            tx.fee(),
            cost,
            nextSeq++,
            blocks);
    SenderQueue target = bySender.computeIfAbsent(sender, a -> new SenderQueue(a, account.nonce()));
    insert(target, p);
    if (executable) {
      dropUnfunded(target, account.balance());
    }
    return new Admission.Accepted(hash);
  }

  private void insert(SenderQueue queue, Pending p) {
    queue.byNonce.put(p.nonce(), p);
    byHash.put(p.hash(), p);
    byFee.add(p);
    if (p.nonce() == queue.readyEnd) {
      queue.readyEnd++;
      promote(queue);
    } else {
      gappedByFee.add(p);
      gappedByAge.add(p);
    }
  }

  /** Moves {@code readyEnd} past the waiting transactions that a filled gap lets run. */
  private void promote(SenderQueue queue) {
    Pending next;
    while ((next = queue.byNonce.get(queue.readyEnd)) != null) {
      gappedByFee.remove(next);
      gappedByAge.remove(next);
      queue.readyEnd++;
    }
  }

  /**
   * Takes in a newer account nonce: forgets the transactions below it, which are in a block or can
   * never run, and lets the ones from it on run.
   */
  private void settle(SenderQueue queue, long accountNonce) {
    if (accountNonce <= queue.accountNonce) {
      return;
    }
    queue.accountNonce = accountNonce;
    SortedMap<Long, Pending> stale = queue.byNonce.headMap(accountNonce);
    for (Pending p : stale.values()) {
      byHash.remove(p.hash());
      byFee.remove(p);
      if (p.nonce() >= queue.readyEnd) {
        gappedByFee.remove(p);
        gappedByAge.remove(p);
      }
    }
    stale.clear();
    if (queue.readyEnd < accountNonce) {
      queue.readyEnd = accountNonce;
      promote(queue);
    }
    if (queue.byNonce.isEmpty()) {
      bySender.remove(queue.sender);
    }
  }

  /**
   * Drops, from the highest nonce down, the transactions whose fee {@code balance} cannot cover
   * once those before them have spent all they can.
   */
  private void dropUnfunded(SenderQueue queue, long balance) {
    long spent = 0;
    Long firstUnfunded = null;
    for (Pending p : queue.byNonce.values()) {
      if (Spending.saturatingAdd(spent, p.fee()) > balance) {
        firstUnfunded = p.nonce();
        break;
      }
      spent = Spending.saturatingAdd(spent, p.cost());
    }
    if (firstUnfunded != null) {
      for (Pending p :
          List.copyOf(queue.byNonce.tailMap(firstUnfunded, true).descendingMap().values())) {
        remove(p);
      }
    }
  }

  /**
   * Forgets {@code p}. When it could run, the ones after it from the same sender now wait behind
   * the gap it leaves.
   */
  private void remove(Pending p) {
    byHash.remove(p.hash());
    byFee.remove(p);
    SenderQueue queue = bySender.get(p.sender());
    if (queue == null) {
      return;
    }
    queue.byNonce.remove(p.nonce());
    if (p.nonce() >= queue.readyEnd) {
      gappedByFee.remove(p);
      gappedByAge.remove(p);
    } else {
      for (Pending waiting : queue.byNonce.subMap(p.nonce(), queue.readyEnd).values()) {
        gappedByFee.add(waiting);
        gappedByAge.add(waiting);
      }
      queue.readyEnd = p.nonce();
    }
    if (queue.byNonce.isEmpty()) {
      bySender.remove(p.sender());
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
    for (PendingTx t : included) {
      senders.add(t.tx().tx().senderAddress());
    }
    synchronized (this) {
      senders.removeIf(sender -> !bySender.containsKey(sender));
    }
    // The stored state only changes with the next block, which waits for this call, so the
    // nonces can be read without holding up admission.
    Map<Address, Long> nonces = new HashMap<>();
    for (Address sender : senders) {
      nonces.put(sender, Bank.account(state, sender).nonce());
    }
    synchronized (this) {
      // Nonces first: the included transactions then leave as outdated ones, and those after them
      // never pass through a gap that is not there.
      for (Map.Entry<Address, Long> e : nonces.entrySet()) {
        SenderQueue queue = bySender.get(e.getKey());
        if (queue != null) {
          settle(queue, e.getValue());
        }
      }
      for (PendingTx t : included) {
        Pending p = byHash.get(t.hash());
        if (p != null) {
          remove(p);
        }
      }
      blocks++;
      while (!gappedByAge.isEmpty() && blocks - gappedByAge.first().block() >= gapExpiryBlocks) {
        remove(gappedByAge.first());
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
    checks.close();
  }
}
