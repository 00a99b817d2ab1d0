package io.gridwork.agent.audit;

import io.gridwork.agent.gpu.GpuAllocator.Cards;
import io.gridwork.agent.runtime.UnitDirs;
import io.gridwork.agent.runtime.UnitOutcome;
import io.gridwork.agent.runtime.UnitRun;
import io.gridwork.agent.runtime.UnitTree;
import io.gridwork.agent.state.AgentState;
import io.gridwork.agent.work.LeaseContext;
import io.gridwork.agent.work.OutputDigest;
import io.gridwork.agent.work.PreparedUnit;
import io.gridwork.agent.work.UnitSetup;
import io.gridwork.api.JobInfo;
import io.gridwork.api.TxStatus;
import io.gridwork.client.GridworkClientException;
import io.gridwork.client.SubmitResult;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.AuditStatus;
import io.gridwork.protocol.spec.GpuRequest;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.tx.AuditResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-executes one unit the ledger assigned this agent to audit, exactly as a lease runs it ({@link
 * UnitSetup}: same inputs, command or image, environment and limits, in a work directory of its own
 * and with an empty checkpoint directory, so the provider under audit cannot steer the run), and
 * sends the digest of the outputs ({@link OutputDigest}) in an {@code AuditResult} before the
 * deadline. No output is uploaded.
 *
 * <p>A run that fails, times out, or cannot get its GPUs and a unit slot before the deadline sends
 * nothing: the ledger times the audit out, which costs this provider reputation but never stake. An
 * auditor never makes up a hash.
 *
 * <p>Audits wait for free GPUs of a model the job accepts (never a lease's cards) and then for one
 * of the agent's unit slots, in that order, the order leases take them in too.
 *
 * <p>Lifecycle: created by the agent, {@link #start}ed once on a virtual thread; {@link #cancel}
 * (the agent stops: the audit stays recorded and resumes with the next agent) or {@link #expire}
 * (its deadline passed or the ledger closed it: it is forgotten) may come from any thread; {@code
 * onEnd} runs once when the thread returns.
 */
public final class AuditRunner {
  private static final Logger LOG = LoggerFactory.getLogger(AuditRunner.class);
  private static final Duration POLL = Duration.ofMillis(250);
  private static final Duration COMMIT_WAIT = Duration.ofSeconds(60);

  /** The GPUs audits may use: free cards not held or promised to a lease. */
  interface GpuClaims {
    /**
     * Takes free cards for one run needing {@code wanted}; empty when not enough are free now. A
     * CPU-only run takes none and always succeeds.
     */
    Optional<Cards> take(GpuRequest wanted);

    void release(Cards claimed);
  }

  /** How the run ended, for the agent's record. */
  private enum End {
    ANSWERED,
    FAILED,
    DROPPED,
    STOPPED
  }

  private final AgentState.PendingAudit audit;
  private final Hash jobId;
  private final LeaseContext ctx;
  private final GpuClaims gpus;
  private final LongSupplier height;
  private final Runnable onEnd;
  private final Path auditDir;
  private volatile boolean stopped;
  private volatile boolean expired;
  private volatile UnitRun run;
  private Thread thread;

  /**
   * @param height the latest block height the agent has seen
   * @param onEnd runs once when the audit's thread returns
   */
  AuditRunner(
      AgentState.PendingAudit audit,
      LeaseContext ctx,
      GpuClaims gpus,
      LongSupplier height,
      Runnable onEnd) {
    this.audit = audit;
    this.jobId = Hash.fromHex(audit.job());
    this.ctx = ctx;
    this.gpus = gpus;
    this.height = height;
    this.onEnd = onEnd;
    this.auditDir = ctx.config().workDir().resolve("audits").resolve(dirName(audit));
  }

  /** The name of the directory, under the work directory's {@code audits/}, of {@code audit}. */
  public static String dirName(AgentState.PendingAudit audit) {
    return audit.job() + "-unit-" + audit.unit() + "-round-" + audit.round();
  }

  AgentState.PendingAudit audit() {
    return audit;
  }

  synchronized void start() {
    thread =
        Thread.ofVirtual()
            .name("audit-" + audit.job().substring(0, 8) + "-" + audit.unit())
            .start(this::runToEnd);
  }

  /** The agent is stopping: the run ends and the audit stays recorded for the next agent. */
  void cancel() {
    stopped = true;
    UnitRun current = run;
    if (current != null) {
      current.cancel();
    }
  }

  /** The deadline passed or the ledger closed the audit: the run ends and nothing is sent. */
  public void expire() {
    expired = true;
    cancel();
  }

  void join(Duration limit) throws InterruptedException {
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null) {
      t.join(limit);
    }
  }

  private void runToEnd() {
    End end = End.FAILED;
    try {
      end = runAudit();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      end = End.STOPPED;
    } catch (GridworkClientException | UncheckedIOException e) {
      LOG.error("{}: stopped by a node or disk failure: {}", this, e.getMessage(), e);
    } finally {
      if (expired || end != End.STOPPED) {
        ctx.state()
            .auditEnded(audit.key(), end == End.ANSWERED, end == End.FAILED, ctx.clock().millis());
        removeAuditDir();
      }
      onEnd.run();
    }
  }

  private boolean overdue() {
    return expired || height.getAsLong() >= audit.deadline();
  }

  private End runAudit() throws InterruptedException {
    if (!awaited()) {
      LOG.info("{}: the ledger no longer awaits this result; not re-executing", this);
      return End.DROPPED;
    }
    Optional<JobInfo> job = ctx.client().job(jobId);
    if (job.isEmpty() || job.get().spec() == null) {
      return failed("the node knows no job " + jobId);
    }
    JobSpec spec = job.get().spec();
    Optional<String> engineMissing = ctx.runtimes().of(spec).engineMissing();
    if (engineMissing.isPresent()) {
      return failed(engineMissing.get());
    }
    Optional<Cards> claimed = Optional.empty();
    while (claimed.isEmpty()) {
      if (stopped || overdue()) {
        return stopOrDrop("before GPUs for it were free");
      }
      claimed = gpus.take(spec.resources().gpu());
      if (claimed.isEmpty()) {
        Thread.sleep(POLL);
      }
    }
    try {
      while (!ctx.unitSlots().tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
        if (stopped || overdue()) {
          return stopOrDrop("before a unit slot was free");
        }
      }
      try {
        return execute(spec, claimed.get());
      } finally {
        ctx.unitSlots().release();
      }
    } finally {
      gpus.release(claimed.get());
    }
  }

  private End execute(JobSpec spec, Cards claimed) throws InterruptedException {
    Path inputs = auditDir.resolve("inputs");
    Optional<String> inputProblem =
        UnitSetup.fetchInputs(ctx.client(), ctx.key(), jobId, spec.inputs(), inputs);
    if (inputProblem.isPresent()) {
      return failed(inputProblem.get());
    }
    Optional<String> pullProblem = ctx.runtimes().of(spec).prepare();
    if (pullProblem.isPresent()) {
      return failed(pullProblem.get());
    }
    PreparedUnit prepared;
    try {
      prepared =
          ctx.runtimes()
              .of(spec)
              .unit(
                  audit.unit(),
                  claimed.indices(),
                  "gridwork-audit-"
                      + audit.job().substring(0, 8)
                      + "-"
                      + audit.unit()
                      + "-"
                      + audit.round());
    } catch (IllegalArgumentException e) {
      return failed("the job cannot run here: " + e.getMessage());
    }
    UnitDirs dirs = UnitSetup.prepare(auditDir.resolve("unit"), inputs, spec.inputs());
    UnitSetup.emptyDirectory(dirs.checkpoint());
    if (stopped || overdue()) {
      return stopOrDrop("before the unit started");
    }
    LOG.info("{}: re-executing the unit (reward {})", this, Amount.format(audit.reward()));
    UnitRun started = prepared.start(dirs);
    run = started;
    if (stopped) {
      started.cancel();
    }
    UnitOutcome outcome = started.await();
    run = null;
    accountEnergy(claimed, outcome);
    return switch (outcome) {
      case UnitOutcome.Completed completed -> answer(OutputDigest.of(completed.outputs()));
      case UnitOutcome.Cancelled cancelled -> stopOrDrop("while the unit ran");
      default -> failed("the re-execution " + outcome.describe());
    };
  }

  /**
   * The audit is over here (answered, failed or dropped): its log is kept, capped, and its
   * directory removed. An audit stopped with the agent keeps it for the next agent.
   */
  private void removeAuditDir() {
    try {
      UnitDirs dirs = UnitDirs.under(auditDir.resolve("unit"));
      if (Files.isDirectory(dirs.logs())) {
        ctx.unitLogs().keep("audit-" + auditDir.getFileName(), dirs);
      }
      UnitTree.delete(auditDir);
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("{}: cannot remove {}: {}", this, auditDir, e.toString());
    }
  }

  private End answer(Hash computed) {
    Optional<Hash> answer = ctx.policy().auditResult(jobId, audit.unit(), audit.round(), computed);
    if (answer.isEmpty()) {
      LOG.warn("{}: the result policy withheld the answer; nothing sent", this);
      return End.DROPPED;
    }
    if (overdue()) {
      return stopOrDrop("after the unit ran");
    }
    switch (ctx.txs().submit(new AuditResult(jobId, audit.unit(), answer.get()))) {
      case SubmitResult.Accepted accepted -> {
        TxStatus status = ctx.client().awaitCommitted(accepted.hash(), COMMIT_WAIT);
        if (status.commit().ok()) {
          ctx.metrics().auditsDone.incrementAndGet();
          LOG.info("{}: answered with output {}", this, answer.get());
          return End.ANSWERED;
        }
        LOG.warn(
            "{}: the ledger refused the result: {} {}",
            this,
            status.commit().code(),
            status.commit().message());
        return End.DROPPED;
      }
      case SubmitResult.Rejected rejected -> {
        LOG.warn(
            "{}: the node refused the result: {} {}", this, rejected.code(), rejected.message());
        return End.DROPPED;
      }
    }
  }

  /**
   * True while the ledger's assignment is open: an audit replayed from old blocks after a restart,
   * already answered, or cancelled because its unit was released is not run again.
   */
  private boolean awaited() {
    Address self = ctx.key().address();
    return ctx.client().audits(jobId).stream()
        .anyMatch(
            a ->
                a.unit() == audit.unit()
                    && a.round() == audit.round()
                    && a.auditor().equals(self)
                    && a.status() == AuditStatus.OPEN);
  }

  /** Stopped by the agent, or out of time: either way nothing is sent. */
  private End stopOrDrop(String when) {
    if (stopped && !expired) {
      return End.STOPPED;
    }
    LOG.warn("{}: the deadline (block {}) passed {}; nothing sent", this, audit.deadline(), when);
    ctx.metrics().auditsFailed.incrementAndGet();
    return End.FAILED;
  }

  private End failed(String why) {
    LOG.warn("{}: {}; no result is sent", this, why);
    ctx.metrics().auditsFailed.incrementAndGet();
    return End.FAILED;
  }

  /** Counted like a lease's units: at the cards' power limit for as long as the run took. */
  private void accountEnergy(Cards claimed, UnitOutcome outcome) {
    if (!(outcome instanceof UnitOutcome.Completed completed) || claimed.indices().isEmpty()) {
      return;
    }
    long milliwatts =
        (long) ctx.inventory().powerLimitMilliwatts(claimed.model()).orElse(0)
            * claimed.indices().size();
    ctx.state()
        .energyUsed(
            Math.multiplyExact(milliwatts, completed.duration().toMillis()), ctx.clock().millis());
  }

  @Override
  public String toString() {
    return "audit of job " + audit.job() + " unit " + audit.unit() + " round " + audit.round();
  }
}
