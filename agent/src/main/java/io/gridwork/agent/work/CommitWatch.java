package io.gridwork.agent.work;

import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.error.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Follows transactions the agent sent to their block through the blocks its event stream delivers,
 * so a lease thread hands its unit result over and ends instead of polling the node until the
 * result is committed: the lease's cards are free for the next lease as soon as its result is sent,
 * and no request per unit goes to the node for it.
 *
 * <p>Followers run on the event thread when the block arrives, or with empty when no block had the
 * transaction within the limit or the agent stopped. A block can arrive before the thread that sent
 * one of its transactions starts following it, so the last {@link #REMEMBERED} commits nobody
 * followed are kept. Thread-safe; followers run outside the lock.
 */
public final class CommitWatch {
  static final int REMEMBERED = 4_096;

  /** Where the transaction was committed and the ledger's error code, empty when it was applied. */
  public record Committed(long height, Optional<ErrorCode> error) {
    public boolean ok() {
      return error.isEmpty();
    }
  }

  private record Follower(Consumer<Optional<Committed>> then, long deadlineMillis) {}

  private final Duration limit;
  private final Clock clock;
  private final Map<Hash, Follower> following = new LinkedHashMap<>();
  private final Map<Hash, Committed> recent =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Hash, Committed> eldest) {
          return size() > REMEMBERED;
        }
      };
  private boolean closed;

  /**
   * @param limit how long a transaction may take to appear in a block before it is given up
   * @param clock what tells how long it took
   */
  public CommitWatch(Duration limit, Clock clock) {
    this.limit = limit;
    this.clock = clock;
  }

  /** Calls {@code then} with the commit of {@code tx}, or with empty as the class says. */
  public void follow(Hash tx, Consumer<Optional<Committed>> then) {
    Optional<Committed> now;
    synchronized (this) {
      Committed seen = recent.remove(tx);
      if (seen == null && !closed) {
        following.put(tx, new Follower(then, clock.millis() + limit.toMillis()));
        return;
      }
      now = Optional.ofNullable(seen);
    }
    then.accept(now);
  }

  /** Records the transactions of one delivered block and gives up on those followed too long. */
  public void block(long height, List<Map.Entry<Hash, Optional<ErrorCode>>> txCodes) {
    List<Runnable> due = new ArrayList<>();
    synchronized (this) {
      for (Map.Entry<Hash, Optional<ErrorCode>> tx : txCodes) {
        Committed c = new Committed(height, tx.getValue());
        Follower f = following.remove(tx.getKey());
        if (f != null) {
          due.add(() -> f.then().accept(Optional.of(c)));
        } else {
          recent.put(tx.getKey(), c);
        }
      }
      long now = clock.millis();
      for (Iterator<Follower> it = following.values().iterator(); it.hasNext(); ) {
        Follower f = it.next();
        if (now >= f.deadlineMillis()) {
          it.remove();
          due.add(() -> f.then().accept(Optional.empty()));
        }
      }
    }
    due.forEach(Runnable::run);
  }

  /** No more blocks will come (the agent is stopping): every follower gets empty now. */
  public void close() {
    List<Follower> left;
    synchronized (this) {
      closed = true;
      left = List.copyOf(following.values());
      following.clear();
    }
    left.forEach(f -> f.then().accept(Optional.empty()));
  }

  public synchronized boolean closed() {
    return closed;
  }
}
