package io.gridwork.agent.daemon;

import io.gridwork.client.GridworkClient;
import io.gridwork.client.SubmitResult;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.protocol.tx.Transaction;
import io.gridwork.protocol.tx.TxBody;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
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
 */
final class TxSubmitter {
  private static final Logger LOG = LoggerFactory.getLogger(TxSubmitter.class);
  private static final int ATTEMPTS = 5;

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
  private long nextNonce;

  TxSubmitter(GridworkClient client, KeyPair key, String chainId, long fee) {
    this.client = client;
    this.key = key;
    this.chainId = chainId;
    this.fee = fee;
    this.nextNonce = committedNonce();
  }

  /** Signs and submits {@code body}; a refusal other than a nonce mismatch is returned as is. */
  SubmitResult submit(TxBody body) {
    return submitAll(List.of(body)).getFirst();
  }

  /**
   * Signs and submits {@code bodies} with consecutive nonces, in one batch with whatever other
   * threads submit meanwhile; results are in the same order.
   */
  List<SubmitResult> submitAll(List<TxBody> bodies) {
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
      if (results.get(i) instanceof SubmitResult.Rejected rejected) {
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
      result = client.submit(new Transaction(chainId, key.publicKey(), nonce, fee, body).sign(key));
      switch (result) {
        case SubmitResult.Accepted accepted -> {
          nextNonce = nonce + 1;
          return accepted;
        }
        case SubmitResult.Rejected rejected when retriable(rejected) -> {
          // A pending transaction of ours already holds this nonce (an identical one is a
          // DUPLICATE): step past it. Otherwise the node's committed nonce is the truth to restart
          // from.
          nextNonce = rejected.code().startsWith("NONCE_TOO") ? committedNonce() : nonce + 1;
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

  /** Refused for the nonce it carried, not for what it asks: worth sending with another one. */
  private static boolean retriable(SubmitResult.Rejected rejected) {
    return rejected.code().startsWith("NONCE_") || "DUPLICATE".equals(rejected.code());
  }

  private long committedNonce() {
    return client.account(key.address()).map(a -> a.nonce()).orElse(0L);
  }
}
