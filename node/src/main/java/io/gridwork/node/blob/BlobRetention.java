package io.gridwork.node.blob;

import io.gridwork.chain.audit.AuditRecord;
import io.gridwork.chain.audit.Audits;
import io.gridwork.chain.market.Job;
import io.gridwork.chain.market.Market;
import io.gridwork.chain.state.ReadableState;
import io.gridwork.node.block.BlockHeader;
import io.gridwork.node.consensus.CommittedBlock;
import io.gridwork.node.storage.ChainStore;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.AuditStatus;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the blobs of jobs that ended more than the retention period ago, so the node's disk does
 * not fill with the data of every job it ever saw.
 *
 * <p>Whether a job's blobs are due is read from the ledger each time, never remembered: the job's
 * end is the timestamp of the block at its {@code closedHeight}, and "now" is the timestamp of the
 * latest committed block. A node that was down past a job's deadline deletes its blobs at the first
 * sweep after it starts; one that restarts before never deletes them early. A job whose audits are
 * still open keeps its blobs until they settle, because its auditor has yet to fetch the inputs. A
 * job the ledger does not know (a data directory reused with another chain) is left alone.
 *
 * <p>Sweeps run every {@value #SWEEP_EVERY_BLOCKS} blocks (and on the first block this process
 * sees) on one virtual thread it owns; a block that arrives while a sweep runs does not queue
 * another.
 */
public final class BlobRetention implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BlobRetention.class);
  static final long SWEEP_EVERY_BLOCKS = 10;
  private static final long CLOSE_WAIT_SECONDS = 30;

  private final BlobStore blobs;
  private final ChainStore store;
  private final Duration retention;
  private final ExecutorService sweeper =
      Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());
  private final AtomicBoolean sweeping = new AtomicBoolean();
  private volatile boolean swept;

  public BlobRetention(BlobStore blobs, ChainStore store, Duration retention) {
    this.blobs = blobs;
    this.store = store;
    this.retention = retention;
  }

  public Duration retention() {
    return retention;
  }

  /**
   * Hands a sweep to the sweeper thread when one is due at {@code block}; returns at once, so it
   * can subscribe to the block feed.
   */
  public void onBlock(CommittedBlock block) {
    if (swept && block.height() % SWEEP_EVERY_BLOCKS != 0) {
      return;
    }
    if (!sweeping.compareAndSet(false, true)) {
      return;
    }
    swept = true;
    long now = block.block().header().timestampMillis();
    try {
      sweeper.execute(
          () -> {
            try {
              sweep(now);
            } catch (RuntimeException e) {
              LOG.error("deleting the blobs of ended jobs failed; the next sweep tries again", e);
            } finally {
              sweeping.set(false);
            }
          });
    } catch (RejectedExecutionException e) {
      // Closing: the node stops before the next block anyway.
      sweeping.set(false);
    }
  }

  /**
   * Deletes, on the caller's thread, the blobs of every job due at ledger time {@code nowMillis}.
   */
  public BlobStore.Forgotten sweep(long nowMillis) {
    ReadableState state = store.state();
    Set<Hash> due = new HashSet<>();
    for (Hash jobId : blobs.jobs()) {
      Optional<Job> job = Market.job(state, jobId);
      if (job.isPresent() && isDue(state, job.get(), nowMillis)) {
        due.add(jobId);
      }
    }
    if (due.isEmpty()) {
      return new BlobStore.Forgotten(0, 0, 0);
    }
    BlobStore.Forgotten forgotten = blobs.forget(due);
    LOG.info(
        "deleted {} blob(s), {} bytes, of {} job(s) that ended more than {} ago",
        forgotten.blobs(),
        forgotten.bytes(),
        forgotten.jobs(),
        retention);
    return forgotten;
  }

  /**
   * Until when (ledger time, Unix milliseconds) the node keeps the blobs of {@code job}; empty
   * while it runs.
   */
  public OptionalLong keptUntilMillis(Job job) {
    if (!job.status().finished()) {
      return OptionalLong.empty();
    }
    Optional<BlockHeader> ended = store.header(job.closedHeight());
    return ended.isEmpty()
        ? OptionalLong.empty()
        : OptionalLong.of(ended.get().timestampMillis() + retention.toMillis());
  }

  private boolean isDue(ReadableState state, Job job, long nowMillis) {
    OptionalLong until = keptUntilMillis(job);
    return until.isPresent()
        && nowMillis >= until.getAsLong()
        && Audits.ofJob(state, job.id()).stream().noneMatch(BlobRetention::unsettled);
  }

  private static boolean unsettled(AuditRecord audit) {
    return audit.status() == AuditStatus.OPEN || audit.status() == AuditStatus.DISPUTED;
  }

  /** Waits for a running sweep to end, so the ledger store can be closed after this returns. */
  @Override
  public void close() {
    sweeper.shutdown();
    try {
      if (!sweeper.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("a blob sweep still runs after {} s; closing anyway", CLOSE_WAIT_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
