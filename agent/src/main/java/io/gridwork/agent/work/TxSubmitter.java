package io.gridwork.agent.work;

import io.gridwork.api.TxStatus;
import io.gridwork.client.GridworkClient;
import io.gridwork.client.SubmitResult;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.error.RejectCode;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.protocol.tx.Transaction;
import io.gridwork.protocol.tx.Transfer;
import io.gridwork.protocol.tx.TxBody;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's one way to send transactions: it numbers them itself so that bids, results and
 * heartbeats sent in the same block get consecutive nonces, and re-learns the nonce from the node
 * when the node says it drifted (another process used the key, or a transaction was dropped).
 *
 * <p>Transactions from all threads go out together: a thread that finds no request on the wire
 * sends everything queued until then (its own and other threads') as one batch, so a busy agent
 * sends one request per round trip instead of one per transaction, and nobody waits behind a queue
 * of single requests. The queue is guarded by {@code this}; {@code wire} is held while a batch is
 * sent and owns {@code nextNonce}.
 *
 * <p>It also keeps every transaction the node accepted until a block shows it, because a node that
 * restarts forgets its mempool: the agent's later transactions would then wait forever behind the
 * nonces that vanished, and the node never says so. When a transaction has been waiting for {@link
 * #STUCK_BLOCKS} blocks, {@link #block} re-reads the account's nonce and asks the node about the
 * transaction with that nonce; only when the node no longer holds it does it ask about each one
 * waiting: those the node still holds are left alone, those that vanished are sent again with the
 * same signed bytes (same hash, so whoever follows them sees them commit) if still wanted, and a
 * nonce left without a wanted transaction below one that is still to run is filled with a 1 ugrid
 * transfer to self, so that nothing after it waits. {@code waiting} is guarded by itself.
 */
public final class TxSubmitter {
  private static final Logger LOG = LoggerFactory.getLogger(TxSubmitter.class);
  private static final int ATTEMPTS = 5;

  /** Blocks a sent transaction may stay out of the chain before the node is asked about it. */
  public static final long STUCK_BLOCKS = 3;

  /** Bodies one thread submits together, and their results once sent (or why they were not). */
  private static final class Request {
    final List<TxBody> bodies;
    List<SubmitResult> results;
    RuntimeException failure;

    Request(List<TxBody> bodies) {
      this.bodies = bodies;
    }
  }

  private final GridworkClient client;
  private final KeyPair key;
  private final String chainId;
  private final long fee;
  private final ReentrantLock wire = new ReentrantLock();
  private final List<Request> queued = new ArrayList<>();
  private final Predicate<TxBody> stillWanted;
  private final Waiting waiting = new Waiting();
  private long nextNonce;

  /** A transaction the node accepted, and the height the agent had seen when it was sent. */
  private record Sent(SignedTransaction tx, long height) {}

  /** The transactions accepted and not yet seen in a block, by nonce. */
  private static final class Waiting {
    final TreeMap<Long, Sent> byNonce = new TreeMap<>();
    final Map<Hash, Long> nonceOf = new HashMap<>();
    long height;
    long nextCheck;

    void put(long nonce, SignedTransaction tx) {
      Sent replaced = byNonce.put(nonce, new Sent(tx, height));
      if (replaced != null) {
        nonceOf.remove(replaced.tx().hash());
      }
      nonceOf.put(tx.hash(), nonce);
    }

    void remove(long nonce) {
      Sent gone = byNonce.remove(nonce);
      if (gone != null) {
        nonceOf.remove(gone.tx().hash());
      }
    }
  }

  /**
   * @param stillWanted whether a transaction that vanished from the node should still be sent (a
   *     heartbeat for a lease still open, say); one that is not is dropped
   */
  public TxSubmitter(
      GridworkClient client, KeyPair key, String chainId, long fee, Predicate<TxBody> stillWanted) {
    this.client = client;
    this.key = key;
    this.chainId = chainId;
    this.fee = fee;
    this.stillWanted = stillWanted;
    this.nextNonce = committedNonce();
  }

  public TxSubmitter(GridworkClient client, KeyPair key, String chainId, long fee) {
    this(client, key, chainId, fee, body -> true);
  }

  /** Signs and submits {@code body}; a refusal other than a nonce mismatch is returned as is. */
  public SubmitResult submit(TxBody body) {
    return submitAll(List.of(body)).getFirst();
  }

  /**
   * Signs and submits {@code bodies} with consecutive nonces, in one batch with whatever other
   * threads submit meanwhile; results are in the same order.
   */
  public List<SubmitResult> submitAll(List<TxBody> bodies) {
    if (bodies.isEmpty()) {
      return List.of();
    }
    Request mine = new Request(List.copyOf(bodies));
    synchronized (this) {
      queued.add(mine);
    }
    wire.lock();
    try {
      if (mine.results == null && mine.failure == null) {
        sendQueued();
      }
      if (mine.failure != null) {
        throw mine.failure;
      }
      return mine.results;
    } finally {
      wire.unlock();
    }
  }

  /** Sends every queued request as one batch; called holding {@code wire}. */
  private void sendQueued() {
    List<Request> batch;
    synchronized (this) {
      batch = List.copyOf(queued);
      queued.clear();
    }
    List<TxBody> bodies = new ArrayList<>();
    batch.forEach(r -> bodies.addAll(r.bodies));
    List<SubmitResult> results;
    try {
      results = sendBatch(bodies);
    } catch (RuntimeException e) {
      // Every thread in the batch learns that the node could not be reached, not only this one.
      batch.forEach(r -> r.failure = e);
      return;
    }
    int next = 0;
    for (Request r : batch) {
      r.results = List.copyOf(results.subList(next, next + r.bodies.size()));
      next += r.bodies.size();
    }
  }

  /**
   * One request for all {@code bodies}. Bodies refused for their nonce go again one by one, which
   * re-learns the nonce. After any refusal the next nonce is the lowest one refused, so a gap left
   * before transactions the node did accept is filled by the next transaction sent.
   */
  private List<SubmitResult> sendBatch(List<TxBody> bodies) {
    if (bodies.size() == 1) {
      return List.of(sendOne(bodies.getFirst()));
    }
    long first = nextNonce;
    List<SignedTransaction> signed = new ArrayList<>(bodies.size());
    for (int i = 0; i < bodies.size(); i++) {
      signed.add(
          new Transaction(chainId, key.publicKey(), first + i, fee, bodies.get(i)).sign(key));
    }
    List<SubmitResult> results = new ArrayList<>(client.submitBatch(signed));
    nextNonce = first + bodies.size();
    List<Integer> retry = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      if (results.get(i).accepted()) {
        waiting(first + i, signed.get(i));
      } else if (results.get(i) instanceof SubmitResult.Rejected rejected) {
        nextNonce = Math.min(nextNonce, first + i);
        if (retriable(rejected)) {
          retry.add(i);
        }
      }
    }
    for (int i : retry) {
      results.set(i, sendOne(bodies.get(i)));
    }
    return results;
  }

  private SubmitResult sendOne(TxBody body) {
    SubmitResult result = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      long nonce = nextNonce;
      SignedTransaction tx = new Transaction(chainId, key.publicKey(), nonce, fee, body).sign(key);
      result = client.submit(tx);
      switch (result) {
        case SubmitResult.Accepted accepted -> {
          nextNonce = nonce + 1;
          waiting(nonce, tx);
          return accepted;
        }
        case SubmitResult.Rejected rejected when retriable(rejected) -> {
          // A transaction of ours already holds this nonce (an identical one is a DUPLICATE, or
          // ALREADY_COMMITTED once in a block): step past it. Otherwise the node's committed nonce
          // is the truth to restart from.
          nextNonce =
              rejected.code() == RejectCode.NONCE_TOO_LOW
                      || rejected.code() == RejectCode.NONCE_TOO_FAR_AHEAD
                  ? committedNonce()
                  : nonce + 1;
          LOG.info(
              "{} for {} with nonce {}: retrying with nonce {}",
              rejected.code(),
              body.kind(),
              nonce,
              nextNonce);
        }
        case SubmitResult.Rejected rejected -> {
          return rejected;
        }
      }
    }
    return result;
  }

  /**
   * Refused for the nonce it carried, not for what it asks: worth sending with another one. An
   * identical transaction (same body, same nonce) pending or already in a block holds the nonce.
   */
  private static boolean retriable(SubmitResult.Rejected rejected) {
    return rejected.code() instanceof RejectCode code
        && switch (code) {
          case NONCE_TOO_LOW,
              NONCE_TOO_FAR_AHEAD,
              NONCE_ALREADY_PENDING,
              DUPLICATE,
              ALREADY_COMMITTED ->
              true;
          default -> false;
        };
  }

  private void waiting(long nonce, SignedTransaction tx) {
    synchronized (waiting) {
      waiting.put(nonce, tx);
    }
  }

  /**
   * The agent's event stream delivered block {@code height} with {@code txs}: those of ours are no
   * longer waiting; and when one has waited {@link #STUCK_BLOCKS} blocks, the node is asked what
   * became of them (see the class comment). Called on the event thread.
   */
  public void block(long height, Collection<Hash> txs) {
    boolean due;
    synchronized (waiting) {
      waiting.height = height;
      for (Hash tx : txs) {
        Long nonce = waiting.nonceOf.get(tx);
        if (nonce != null) {
          waiting.remove(nonce);
        }
      }
      due =
          height >= waiting.nextCheck
              && waiting.byNonce.values().stream()
                  .anyMatch(sent -> height - sent.height() >= STUCK_BLOCKS);
    }
    if (due && !nothingLost(height)) {
      wire.lock();
      try {
        resync(height);
      } finally {
        wire.unlock();
      }
    }
  }

  /**
   * The cheap look that almost always suffices: the node's next nonce for the account belongs to a
   * transaction it still holds (or has just committed), so nothing the later ones wait for is
   * missing. Only when it is not (a restart emptied the mempool, or the nonce was never filled)
   * does {@link #resync} ask about every waiting transaction. A transaction further up that the
   * node dropped is found once those below it have run.
   */
  private boolean nothingLost(long height) {
    long committed = committedNonce();
    Sent next;
    synchronized (waiting) {
      waiting
          .byNonce
          .headMap(committed)
          .values()
          .forEach(s -> waiting.nonceOf.remove(s.tx().hash()));
      waiting.byNonce.headMap(committed).clear();
      next = waiting.byNonce.get(committed);
      if (waiting.byNonce.isEmpty()) {
        return true;
      }
    }
    if (next == null) {
      return false;
    }
    TxStatus.State state = client.tx(next.tx().hash()).state();
    if (state != TxStatus.State.PENDING && state != TxStatus.State.COMMITTED) {
      return false;
    }
    synchronized (waiting) {
      waiting.nextCheck = height + STUCK_BLOCKS;
    }
    return true;
  }

  /**
   * What the node says of each waiting transaction, and the sends that make them run; {@code wire}
   * held.
   */
  private void resync(long height) {
    long committed = committedNonce();
    SortedMap<Long, Sent> open;
    synchronized (waiting) {
      waiting.byNonce.headMap(committed).clear();
      waiting.nonceOf.values().removeIf(n -> n < committed);
      waiting.nextCheck = height + STUCK_BLOCKS;
      open = new TreeMap<>(waiting.byNonce);
    }
    // From the highest nonce down: a nonce needs a transaction once one above it will run.
    List<SignedTransaction> resend = new ArrayList<>();
    boolean needed = false;
    int vanished = 0;
    long last = open.isEmpty() ? committed - 1 : open.lastKey();
    for (long nonce = last; nonce >= committed; nonce--) {
      Sent sent = open.get(nonce);
      TxStatus.State state =
          sent == null ? TxStatus.State.UNKNOWN : client.tx(sent.tx().hash()).state();
      if (state == TxStatus.State.PENDING || state == TxStatus.State.COMMITTED) {
        needed = true;
        continue;
      }
      if (sent != null) {
        vanished++;
      }
      if (sent != null && stillWanted.test(sent.tx().tx().body())) {
        resend.add(sent.tx());
        needed = true;
      } else if (needed) {
        resend.add(filler(nonce));
      } else {
        // Nothing above it will run: the nonce is free for the next transaction.
        last = nonce - 1;
        if (sent != null) {
          LOG.info(
              "{} with nonce {} vanished from the node and is no longer wanted: dropped",
              sent.tx().tx().body().kind(),
              nonce);
          synchronized (waiting) {
            waiting.remove(nonce);
          }
        }
      }
    }
    nextNonce = last + 1;
    if (resend.isEmpty()) {
      return;
    }
    LOG.warn(
        "{} transaction(s) the node accepted vanished from it (it restarted?), leaving nonces from {}"
            + " unfilled: sending {} again",
        vanished,
        committed,
        resend.size());
    List<SignedTransaction> inOrder = resend.reversed();
    List<SubmitResult> results = client.submitBatch(inOrder);
    for (int i = 0; i < inOrder.size(); i++) {
      SignedTransaction tx = inOrder.get(i);
      if (results.get(i).accepted()) {
        waiting(tx.tx().nonce(), tx);
      } else if (results.get(i) instanceof SubmitResult.Rejected rejected) {
        LOG.warn(
            "{} with nonce {} refused when sent again: {} {}",
            tx.tx().body().kind(),
            tx.tx().nonce(),
            rejected.code(),
            rejected.message());
        synchronized (waiting) {
          waiting.remove(tx.tx().nonce());
        }
      }
    }
  }

  /** Takes a nonce nothing else wants, so that the transactions after it can run. */
  private SignedTransaction filler(long nonce) {
    return new Transaction(chainId, key.publicKey(), nonce, fee, new Transfer(key.address(), 1))
        .sign(key);
  }

  private long committedNonce() {
    return client.account(key.address()).map(a -> a.nonce()).orElse(0L);
  }
}
