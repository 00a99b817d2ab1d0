package io.gridwork.agent.lease;

import io.gridwork.agent.runtime.CheckpointArchive;
import io.gridwork.agent.runtime.OutputFile;
import io.gridwork.agent.runtime.UnitDirs;
import io.gridwork.agent.runtime.UnitOutcome;
import io.gridwork.agent.runtime.UnitRun;
import io.gridwork.agent.runtime.UnitTree;
import io.gridwork.agent.work.CommitWatch;
import io.gridwork.agent.work.LeaseContext;
import io.gridwork.agent.work.OutputDigest;
import io.gridwork.agent.work.PreparedUnit;
import io.gridwork.agent.work.UnitSetup;
import io.gridwork.api.LeaseInfo;
import io.gridwork.api.TxStatus;
import io.gridwork.api.UnitInfo;
import io.gridwork.client.GridworkClientException;
import io.gridwork.client.SubmitResult;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.tx.Checkpoint;
import io.gridwork.protocol.tx.CloseLease;
import io.gridwork.protocol.tx.UnitResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the units of one lease this provider won: fetches the job's inputs (and pulls its image),
 * runs each unit not yet reported in the sandbox or a container on the lease's GPUs (resuming from
 * the unit's recorded checkpoint, and saving new ones while it runs), uploads the outputs and
 * reports the output hash. A unit that fails twice makes the agent give the lease up (its units go
 * back to auction): a result is reported only for a unit that completed, never a guess.
 *
 * <p>Lifecycle: created by the agent, {@link #start}ed once on a virtual thread that starts one
 * virtual thread per unit, {@link #cancel}led from any thread when the lease or job ends or the
 * agent stops; {@code onEnd} runs once, when every unit thread has returned. A unit thread returns
 * once its result is sent: the agent's {@link CommitWatch} follows the result into its block, so
 * the lease's cards are free for the next lease without waiting for that block.
 */
public final class LeaseRunner {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseRunner.class);
  static final int ATTEMPTS = 2;
  public static final Duration COMMIT_WAIT = Duration.ofSeconds(60);
  private static final String UNIT_DIR = "unit-";

  private final LeaseInfo lease;
  private final List<Integer> gpuIndices;
  private final LeaseContext ctx;
  private final Runnable onEnd;
  private final Path leaseDir;
  private final Set<UnitRun> running = ConcurrentHashMap.newKeySet();
  private volatile boolean cancelled;
  private volatile boolean givenUp;
  private volatile boolean over;
  private volatile boolean broken;
  private Thread thread;

  LeaseRunner(LeaseInfo lease, List<Integer> gpuIndices, LeaseContext ctx, Runnable onEnd) {
    this.lease = lease;
    this.gpuIndices = List.copyOf(gpuIndices);
    this.ctx = ctx;
    this.onEnd = onEnd;
    this.leaseDir = ctx.config().workDir().resolve("leases").resolve(lease.id().toHex());
  }

  public LeaseInfo lease() {
    return lease;
  }

  synchronized void start() {
    thread =
        Thread.ofVirtual().name("lease-" + lease.id().toHex().substring(0, 8)).start(this::run);
  }

  /**
   * Stops every running unit of the lease; nothing more is reported for it. The agent is stopping:
   * the units' directories stay for the next agent on this home, which resumes the lease.
   */
  void cancel() {
    cancelled = true;
    running.forEach(UnitRun::cancel);
  }

  /**
   * The lease ended on the ledger: stops its units as {@link #cancel} does, and the lease's
   * directory is removed once they have stopped.
   */
  void end() {
    over = true;
    cancel();
  }

  /** Waits for the runner to end, at most {@code limit}. */
  void join(Duration limit) throws InterruptedException {
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null) {
      t.join(limit);
    }
  }

  private void run() {
    try {
      runUnits();
    } catch (GridworkClientException | UncheckedIOException e) {
      broken = true;
      LOG.error("lease {}: stopped by a node or disk failure: {}", lease.id(), e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        removeLeaseDir();
      } finally {
        onEnd.run();
      }
    }
  }

  /**
   * Once no unit of the lease is left to run here: every unit was reported or given up, the lease
   * ended or its job finished. A runner stopped by the agent stopping, or by a node or disk
   * failure, keeps the directory for the runner that resumes the lease: its checkpoints may be
   * newer than the ones the node holds.
   */
  private void removeLeaseDir() {
    if ((cancelled || broken) && !over) {
      return;
    }
    for (UnitRun run : running) {
      if (!run.outcome().toCompletableFuture().isDone()) {
        return;
      }
    }
    try {
      keepLogsOfUnitsLeft();
      UnitTree.delete(leaseDir);
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("lease {}: cannot remove {}: {}", lease.id(), leaseDir, e.toString());
    }
  }

  /** Units stopped by the lease's end still leave their logs. */
  private void keepLogsOfUnitsLeft() throws IOException {
    if (!Files.isDirectory(leaseDir)) {
      return;
    }
    try (Stream<Path> dirs = Files.list(leaseDir)) {
      for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith(UNIT_DIR)).toList()) {
        if (Files.isDirectory(UnitDirs.under(dir).logs())) {
          ctx.unitLogs().keep(logName(dir.getFileName().toString()), UnitDirs.under(dir));
        }
      }
    }
  }

  private String logName(String unitDir) {
    return "lease-" + lease.id().toHex() + "-" + unitDir;
  }

  private void runUnits() throws InterruptedException {
    Optional<JobSpec> open = ctx.openJobSpec(lease.jobId());
    if (open.isEmpty()) {
      return;
    }
    JobSpec spec = open.get();
    Optional<String> engineMissing = ctx.runtimes().of(spec).engineMissing();
    if (engineMissing.isPresent()) {
      giveUp(engineMissing.get());
      return;
    }
    List<UnitInfo> units = unitsToRun();
    if (units.isEmpty()) {
      return;
    }
    LOG.info(
        "lease {}: running unit(s) {} of job {}",
        lease.id(),
        units.stream().map(UnitInfo::unit).toList(),
        lease.jobId());
    Optional<String> problem = ctx.prepareLease(lease.jobId(), spec, leaseDir.resolve("inputs"));
    if (problem.isPresent()) {
      giveUp(problem.get());
      return;
    }
    // A GPU lease holds one unit's worth of cards, so its units take turns on them; a CPU lease
    // is bounded by the agent's unit slots alone.
    Semaphore leaseSlots =
        new Semaphore(lease.gpuCount() > 0 ? 1 : ctx.config().maxConcurrentUnits());
    List<Thread> threads = new ArrayList<>();
    for (UnitInfo unit : units) {
      threads.add(
          Thread.ofVirtual()
              .name("unit-" + unit.unit() + "-" + lease.id().toHex().substring(0, 8))
              .start(() -> runUnit(spec, unit, leaseSlots)));
    }
    for (Thread t : threads) {
      t.join();
    }
  }

  /** Units assigned to this lease and not reported, minus those whose result is on its way. */
  private List<UnitInfo> unitsToRun() {
    List<UnitInfo> units = new ArrayList<>();
    for (UnitInfo unit : ctx.client().units(lease.jobId())) {
      if (unit.state() != UnitInfo.State.LEASED || !lease.id().equals(unit.leaseId())) {
        continue;
      }
      Optional<String> sent = ctx.state().submittedResult(lease.id().toHex(), unit.unit());
      if (sent.isPresent() && stillCounts(Hash.fromHex(sent.get()))) {
        continue;
      }
      if (sent.isPresent()) {
        ctx.state().resultWithdrawn(lease.id().toHex(), unit.unit(), ctx.clock().millis());
      }
      units.add(unit);
    }
    return units;
  }

  /** A result sent before a restart still counts if it is pending or was committed OK. */
  private boolean stillCounts(Hash tx) {
    TxStatus status = ctx.client().tx(tx);
    return status.state() == TxStatus.State.PENDING || (status.committed() && status.commit().ok());
  }

  private void runUnit(JobSpec spec, UnitInfo unit, Semaphore leaseSlots) {
    try {
      leaseSlots.acquire();
      try {
        ctx.unitSlots().acquire();
        try {
          attempt(spec, unit);
        } finally {
          ctx.unitSlots().release();
        }
      } finally {
        leaseSlots.release();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (GridworkClientException | UncheckedIOException e) {
      broken = true;
      LOG.error("lease {} unit {}: {}", lease.id(), unit.unit(), e.getMessage(), e);
    }
  }

  private void attempt(JobSpec spec, UnitInfo info) throws InterruptedException {
    int unit = info.unit();
    Path unitDir = leaseDir.resolve(UNIT_DIR + unit);
    PreparedUnit prepared;
    try {
      prepared =
          ctx.runtimes()
              .of(spec)
              .unit(
                  unit, gpuIndices, "gridwork-" + lease.id().toHex().substring(0, 8) + "-" + unit);
    } catch (IllegalArgumentException e) {
      giveUp("the job cannot run here: " + e.getMessage());
      return;
    }
    long checkpointLimit = prepared.outputBytes();
    Optional<Hash> published =
        Optional.ofNullable(info.checkpoint()).map(UnitInfo.Checkpoint::hash);
    restoreCheckpoint(unit, published, UnitDirs.under(unitDir).checkpoint(), checkpointLimit);
    String lastFailure = "";
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      if (cancelled || givenUp) {
        return;
      }
      UnitDirs dirs = UnitSetup.prepare(unitDir, leaseDir.resolve("inputs"), spec.inputs());
      UnitRun run = prepared.start(dirs);
      running.add(run);
      if (cancelled) {
        run.cancel();
      }
      CheckpointWatcher checkpoints =
          new CheckpointWatcher(
              "lease " + lease.id().toHex().substring(0, 8) + " unit " + unit,
              dirs.checkpoint(),
              unitDir.resolve("checkpoint.tar"),
              Duration.ofSeconds(ctx.config().checkpointIntervalSeconds()),
              archive -> prepared.packCheckpoint(dirs, archive),
              published,
              (archive, hash) -> publishCheckpoint(unit, archive, hash));
      checkpoints.start();
      UnitOutcome outcome;
      try {
        outcome = run.await();
      } finally {
        running.remove(run);
        checkpoints.stop();
      }
      published = checkpoints.published();
      switch (outcome) {
        case UnitOutcome.Completed completed -> {
          accountEnergy(completed.duration());
          report(unit, dirs, completed.outputs());
          if (!cancelled) {
            retire(unitDir, dirs);
          }
          return;
        }
        case UnitOutcome.Cancelled c -> {
          return;
        }
        default -> {
          ctx.metrics().unitsFailed.incrementAndGet();
          ctx.state().unitRan(false, ctx.clock().millis());
          lastFailure = outcome.describe();
          LOG.warn(
              "lease {} unit {} attempt {} of {}: {}",
              lease.id(),
              unit,
              attempt,
              ATTEMPTS,
              lastFailure);
        }
      }
    }
    if (!cancelled) {
      giveUp("unit " + unit + " failed " + ATTEMPTS + " times, last: " + lastFailure);
      retire(unitDir, UnitDirs.under(unitDir));
    }
  }

  /**
   * The unit is final here: its outputs were uploaded and its result sent, or the lease was given
   * up. Its log is kept, capped, and its directory removed; a result the ledger then refuses makes
   * the lease run the unit again from its recorded checkpoint, which needs nothing left here.
   */
  private void retire(Path unitDir, UnitDirs dirs) {
    try {
      ctx.unitLogs().keep(logName(unitDir.getFileName().toString()), dirs);
      UnitTree.delete(unitDir);
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("lease {}: cannot remove {}: {}", lease.id(), unitDir, e.toString());
    }
  }

  /**
   * Fills the unit's empty checkpoint directory from the checkpoint the ledger records, so the unit
   * resumes where an earlier lease left it. A directory this agent already filled (it ran the unit
   * before a restart) is kept: its progress is at least as recent. A checkpoint that cannot be
   * fetched or unpacked is logged and the unit starts from scratch; progress is an optimisation,
   * never a reason not to run.
   */
  private void restoreCheckpoint(int unit, Optional<Hash> recorded, Path dir, long limit) {
    if (recorded.isEmpty() || !UnitSetup.isEmptyDirectory(dir)) {
      return;
    }
    Path archive = dir.resolveSibling("restore.tar");
    try {
      if (!ctx.client().downloadBlob(lease.jobId(), ctx.key(), recorded.get(), archive)) {
        LOG.warn(
            "lease {} unit {}: checkpoint {} is not in the node's blob store; starting afresh",
            lease.id(),
            unit,
            recorded.get());
        return;
      }
      switch (CheckpointArchive.unpack(archive, dir, limit)) {
        case CheckpointArchive.UnpackResult.Unpacked unpacked ->
            LOG.info(
                "lease {} unit {}: resuming from checkpoint {} ({} file(s))",
                lease.id(),
                unit,
                recorded.get(),
                unpacked.files());
        case CheckpointArchive.UnpackResult.Refused refused -> {
          LOG.warn(
              "lease {} unit {}: checkpoint {} refused ({}); starting afresh",
              lease.id(),
              unit,
              recorded.get(),
              refused.reason());
          UnitSetup.emptyDirectory(dir);
        }
      }
    } catch (GridworkClientException e) {
      if (!"BLOB_HASH_MISMATCH".equals(e.code())) {
        throw e;
      }
      LOG.warn("lease {} unit {}: {}; starting afresh", lease.id(), unit, e.getMessage());
    } finally {
      try {
        Files.deleteIfExists(archive);
      } catch (IOException e) {
        LOG.warn("lease {} unit {}: cannot delete {}: {}", lease.id(), unit, archive, e.toString());
      }
    }
  }

  /**
   * Uploads a checkpoint as the lease holder and records it on the ledger. A refusal (the blob is
   * over the job's quota, the unit was reported meanwhile) is logged and returns false.
   */
  private boolean publishCheckpoint(int unit, Path archive, Hash hash) {
    try {
      ctx.client().uploadBlob(lease.jobId(), ctx.key(), archive);
    } catch (GridworkClientException e) {
      if (e.status() < 400 || e.status() >= 500) {
        throw e;
      }
      LOG.warn("lease {} unit {}: checkpoint not stored: {}", lease.id(), unit, e.getMessage());
      return false;
    }
    if (cancelled) {
      return false;
    }
    return switch (ctx.txs().submit(new Checkpoint(lease.id(), unit, hash))) {
      case SubmitResult.Accepted accepted -> true;
      case SubmitResult.Rejected rejected -> {
        LOG.warn(
            "lease {} unit {}: the node refused checkpoint {}: {} {}",
            lease.id(),
            unit,
            hash,
            rejected.code(),
            rejected.message());
        yield false;
      }
    };
  }

  /** Uploads the outputs (and the manifest when there is one), then reports the unit. */
  private void report(int unit, UnitDirs dirs, List<OutputFile> outputs) {
    for (int i = 0; i < outputs.size(); i++) {
      ctx.client().uploadBlob(lease.jobId(), ctx.key(), dirs.stagedOutput(i));
    }
    if (OutputDigest.needsManifest(outputs)) {
      Path manifest = dirs.logs().resolve("outputs.sha256");
      write(manifest, OutputDigest.manifest(outputs));
      ctx.client().uploadBlob(lease.jobId(), ctx.key(), manifest);
    }
    Hash digest = ctx.policy().unitResult(lease.jobId(), unit, OutputDigest.of(outputs));
    if (cancelled) {
      return;
    }
    SubmitResult submitted = ctx.txs().submit(new UnitResult(lease.id(), unit, digest));
    switch (submitted) {
      case SubmitResult.Accepted accepted -> {
        ctx.state()
            .resultSubmitted(
                lease.id().toHex(), unit, accepted.hash().toHex(), ctx.clock().millis());
        ctx.commits()
            .follow(accepted.hash(), seen -> committed(unit, digest, accepted.hash(), seen));
      }
      case SubmitResult.Rejected rejected ->
          LOG.error(
              "lease {} unit {}: the node refused the result: {} {}",
              lease.id(),
              unit,
              rejected.code(),
              rejected.message());
    }
  }

  /**
   * What became of a result sent, on the agent's event thread: counted when the ledger accepted it;
   * otherwise said, and left to the next resume of the lease (at a heartbeat round or a restart),
   * which sends the unit again if the result does not count.
   */
  private void committed(int unit, Hash digest, Hash tx, Optional<CommitWatch.Committed> seen) {
    if (seen.isPresent() && seen.get().ok()) {
      ctx.metrics().unitsRun.incrementAndGet();
      ctx.state().unitRan(true, ctx.clock().millis());
      LOG.info("lease {} unit {} reported with output {}", lease.id(), unit, digest);
    } else if (seen.isPresent()) {
      // The ledger's message takes a request: not on the event thread.
      Thread.ofVirtual().start(() -> logRefusal(unit, tx));
    } else if (!ctx.commits().closed()) {
      LOG.warn(
          "lease {} unit {}: result {} not seen in a block within {} s; the lease is checked again"
              + " at the next heartbeat round",
          lease.id(),
          unit,
          tx,
          COMMIT_WAIT.toSeconds());
    }
  }

  private void logRefusal(int unit, Hash tx) {
    try {
      TxStatus status = ctx.client().tx(tx);
      LOG.error(
          "lease {} unit {}: the ledger refused the result: {} {}",
          lease.id(),
          unit,
          status.commit().code(),
          status.commit().message());
    } catch (GridworkClientException e) {
      LOG.error(
          "lease {} unit {}: the ledger refused the result {} and its reason cannot be read: {}",
          lease.id(),
          unit,
          tx,
          e.getMessage(),
          e);
    }
  }

  /** Counted at the cards' power limit: what the electricity floor assumes too. */
  private void accountEnergy(Duration busy) {
    long milliwatts =
        lease.gpuCount() == 0
            ? 0
            : ctx.inventory().powerLimitMilliwatts(lease.gpuModel()).orElse(0) * lease.gpuCount();
    ctx.state().energyUsed(Math.multiplyExact(milliwatts, busy.toMillis()), ctx.clock().millis());
  }

  /** Gives the lease back once: its units return to auction for other providers. */
  private synchronized void giveUp(String why) {
    if (givenUp || cancelled) {
      return;
    }
    givenUp = true;
    ctx.givenUp().add(lease.id());
    running.forEach(UnitRun::cancel);
    LOG.warn("lease {}: giving it up: {}", lease.id(), why);
    SubmitResult result = ctx.txs().submit(new CloseLease(lease.id()));
    if (result instanceof SubmitResult.Rejected rejected) {
      LOG.error(
          "lease {}: the node refused to close it: {} {}",
          lease.id(),
          rejected.code(),
          rejected.message());
    }
    ctx.state().leaseGivenUp(ctx.clock().millis());
  }

  private static void write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
