package io.gridwork.cli;

import io.gridwork.api.BlockEvent;
import io.gridwork.client.GridworkClient;
import io.gridwork.protocol.crypto.Hash;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The node's event stream as a queue a command can wait on, which turns a stream that ended for
 * good (the node refused it, or the client could not read a block) into an error naming the reason
 * instead of a wait that never ends.
 */
final class BlockQueue implements AutoCloseable {
  /** Put in the queue after a failure, to wake a waiting command at once. */
  private static final BlockEvent END = new BlockEvent(-1, Hash.ZERO, 0, List.of(), List.of());

  private final BlockingQueue<BlockEvent> blocks = new LinkedBlockingQueue<>();
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private final AutoCloseable stream;

  BlockQueue(GridworkClient client, long fromHeight) {
    this.stream =
        client.events(
            fromHeight,
            blocks::add,
            e -> {
              failure.set(e);
              blocks.add(END);
            });
  }

  /** The next block, or null when none came within {@code timeout}. */
  BlockEvent next(Duration timeout) throws InterruptedException {
    BlockEvent block = blocks.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    checkFailure();
    return block;
  }

  /** Drops the blocks that arrived so far. */
  void clear() {
    blocks.clear();
    if (failure.get() != null) {
      blocks.add(END);
    }
  }

  private void checkFailure() {
    RuntimeException e = failure.get();
    if (e != null) {
      throw new CommandFailure("the node's event stream ended: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    try {
      stream.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the node's event stream failed", e);
    }
  }
}
