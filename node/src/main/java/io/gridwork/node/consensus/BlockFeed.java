package io.gridwork.node.consensus;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells subscribers about each block after it is durable, in height order. Subscribers are called
 * on the producer thread and must only hand the block off (queue it), never block.
 */
public final class BlockFeed {
  private static final Logger LOG = LoggerFactory.getLogger(BlockFeed.class);

  private final List<Consumer<CommittedBlock>> subscribers = new CopyOnWriteArrayList<>();

  /** Undoes a {@link #subscribe}. */
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  /** Registers {@code subscriber}; the returned handle unregisters it. */
  public Subscription subscribe(Consumer<CommittedBlock> subscriber) {
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }

  public void publish(CommittedBlock block) {
    for (Consumer<CommittedBlock> s : subscribers) {
      try {
        s.accept(block);
      } catch (RuntimeException e) {
        // One broken subscriber must not stop the chain or starve the others.
        LOG.error("block subscriber failed on block {}", block.height(), e);
      }
    }
  }
}
