package io.gridwork.agent.audit;

import io.gridwork.agent.bidding.BidEngine;
import io.gridwork.agent.gpu.GpuAllocator;
import io.gridwork.agent.lease.Leases;
import io.gridwork.agent.state.AgentState;
import io.gridwork.agent.work.LeaseContext;
import io.gridwork.protocol.spec.GpuRequest;
import io.gridwork.protocol.tx.GpuInventory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audits this agent re-executes for the ledger, so that starting one on free cards, expiring it
 * at its deadline and stopping them all with the agent happen in one place.
 *
 * <p>Threads: audits are started and expired on the event thread (and at start, before it runs);
 * each runs on its own virtual thread, which takes and gives back its cards through the {@link
 * GpuAllocator} and removes itself here when it ends. The map of runners is thread-safe.
 */
public final class Audits {
  private static final Logger LOG = LoggerFactory.getLogger(Audits.class);

  private final Map<String, AuditRunner> running = new ConcurrentHashMap<>();
  private final List<AuditRunner> stopped = new ArrayList<>();
  private final LeaseContext ctx;
  private final GpuAllocator gpus;
  private final BidEngine engine;
  private final Leases leases;
  private final LongSupplier latestHeight;
  private final Clock clock;
  private volatile boolean closed;

  public Audits(
      LeaseContext ctx,
      GpuAllocator gpus,
      BidEngine engine,
      Leases leases,
      LongSupplier latestHeight,
      Clock clock) {
    this.ctx = ctx;
    this.gpus = gpus;
    this.engine = engine;
    this.leases = leases;
    this.latestHeight = latestHeight;
    this.clock = clock;
  }

  /** The audits running now, by {@link AgentState.PendingAudit#key}; a live view. */
  public Map<String, AuditRunner> running() {
    return running;
  }

  /** Starts re-executing an assigned audit unless it runs already or its deadline passed. */
  public void start(AgentState.PendingAudit audit) {
    if (closed || running.containsKey(audit.key())) {
      return;
    }
    if (latestHeight.getAsLong() >= audit.deadline()) {
      LOG.warn(
          "audit of job {} unit {}: its deadline (block {}) passed while the agent was away",
          audit.job(),
          audit.unit(),
          audit.deadline());
      ctx.state().auditEnded(audit.key(), false, true, clock.millis());
      return;
    }
    AuditRunner runner =
        new AuditRunner(
            audit, ctx, new Claims(audit.key()), latestHeight, () -> running.remove(audit.key()));
    running.put(audit.key(), runner);
    runner.start();
  }

  /** Ends, sending nothing, every audit whose deadline is {@code height} or before. */
  public void expireBy(long height) {
    for (AuditRunner runner : running.values()) {
      if (height >= runner.audit().deadline()) {
        runner.expire();
      }
    }
  }

  /**
   * No audit starts any more and the running ones stop; each stays recorded and resumes with the
   * next agent on this home. Returns at once; {@link #await} waits for them.
   */
  public void cancel() {
    closed = true;
    stopped.addAll(running.values());
    stopped.forEach(AuditRunner::cancel);
  }

  /** Waits for the runs {@link #cancel} stopped, at most {@code wait} each. */
  public void await(Duration wait) throws InterruptedException {
    for (AuditRunner runner : stopped) {
      runner.join(wait);
    }
  }

  /** Free cards for one audit, taken for the auction next block, and given back to leases. */
  private final class Claims implements AuditRunner.GpuClaims {
    private final String key;

    Claims(String key) {
      this.key = key;
    }

    @Override
    public Optional<GpuAllocator.Cards> take(GpuRequest wanted) {
      List<String> models =
          engine.acceptableGroups(wanted).stream().map(GpuInventory::model).toList();
      return gpus.takeForAudit(key, models, wanted.count(), latestHeight.getAsLong() + 1);
    }

    @Override
    public void release(GpuAllocator.Cards cards) {
      leases.cardsFreed(gpus.releaseAudit(key));
    }
  }
}
