package io.gridwork.agent.daemon;

import io.gridwork.agent.runtime.OutputFile;
import io.gridwork.agent.runtime.ResourceLimits;
import io.gridwork.agent.runtime.UnitDirs;
import io.gridwork.agent.runtime.UnitOutcome;
import io.gridwork.agent.runtime.UnitRun;
import io.gridwork.agent.runtime.UnitSpec;
import io.gridwork.client.GridworkClientException;
import io.gridwork.client.JobInfo;
import io.gridwork.client.LeaseInfo;
import io.gridwork.client.SubmitResult;
import io.gridwork.client.TxStatus;
import io.gridwork.client.UnitInfo;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.spec.InputRef;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.spec.ProcessWorkload;
import io.gridwork.protocol.tx.CloseLease;
import io.gridwork.protocol.tx.UnitResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the units of one lease this provider won: fetches the job's inputs, runs each unit not yet
 * reported in the sandbox on the lease's GPUs, uploads the outputs and reports the output hash. A
 * unit that fails twice makes the agent give the lease up (its units go back to auction): a result
 * is reported only for a unit that completed, never a guess.
 *
 * <p>Lifecycle: created by the agent, {@link #start}ed once on a virtual thread that starts one
 * virtual thread per unit, {@link #cancel}led from any thread when the lease or job ends or the
 * agent stops; {@code onEnd} runs once, when every unit thread has returned. A unit thread returns
 * once its result is sent: the agent's {@link CommitWatch} follows the result into its block, so
 * the lease's cards are free for the next lease without waiting for that block.
 */
final class LeaseRunner {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseRunner.class);
  static final int ATTEMPTS = 2;
  static final Duration COMMIT_WAIT = Duration.ofSeconds(60);

  private final LeaseInfo lease;
  private final List<Integer> assignedUnits;
  private final List<Integer> gpuIndices;
  private final LeaseContext ctx;
  private final Runnable onEnd;
  private final Path leaseDir;
  private final Set<UnitRun> running = ConcurrentHashMap.newKeySet();
  private volatile boolean cancelled;
  private volatile boolean givenUp;
  private Thread thread;

  /**
   * @param assignedUnits the units the lease was given when it opened, when the agent saw that
   *     itself; empty to ask the node which units the lease holds
   */
  LeaseRunner(
      LeaseInfo lease,
      List<Integer> assignedUnits,
      List<Integer> gpuIndices,
      LeaseContext ctx,
      Runnable onEnd) {
    this.lease = lease;
    this.assignedUnits = List.copyOf(assignedUnits);
    this.gpuIndices = List.copyOf(gpuIndices);
    this.ctx = ctx;
    this.onEnd = onEnd;
    this.leaseDir = ctx.config().workDir().resolve("leases").resolve(lease.id().toHex());
  }

  LeaseInfo lease() {
    return lease;
  }

  synchronized void start() {
    thread =
        Thread.ofVirtual().name("lease-" + lease.id().toHex().substring(0, 8)).start(this::run);
  }

  /** Stops every running unit of the lease; nothing more is reported for it. */
  void cancel() {
    cancelled = true;
    running.forEach(UnitRun::cancel);
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
      LOG.error("lease {}: stopped by a node or disk failure: {}", lease.id(), e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      onEnd.run();
    }
  }

  private void runUnits() throws InterruptedException {
    Optional<JobInfo> job =
        Optional.ofNullable(ctx.knownJobs().get(lease.jobId()))
            .or(() -> ctx.client().job(lease.jobId()));
    if (job.isEmpty() || job.get().status().finished()) {
      return;
    }
    JobSpec spec = job.get().spec();
    if (!(spec.workload() instanceof ProcessWorkload workload)) {
      giveUp("the job runs a container image and this agent runs sandboxed processes only");
      return;
    }
    List<Integer> units = unitsToRun();
    if (units.isEmpty()) {
      return;
    }
    LOG.info("lease {}: running unit(s) {} of job {}", lease.id(), units, lease.jobId());
    Optional<String> inputProblem = fetchInputs(spec.inputs());
    if (inputProblem.isPresent()) {
      giveUp(inputProblem.get());
      return;
    }
    // A GPU lease holds one unit's worth of cards, so its units take turns on them; a CPU lease
    // is bounded by the agent's unit slots alone.
    Semaphore leaseSlots =
        new Semaphore(lease.gpuCount() > 0 ? 1 : ctx.config().maxConcurrentUnits());
    List<Thread> threads = new ArrayList<>();
    for (int unit : units) {
      threads.add(
          Thread.ofVirtual()
              .name("unit-" + unit + "-" + lease.id().toHex().substring(0, 8))
              .start(() -> runUnit(workload, spec, unit, leaseSlots)));
    }
    for (Thread t : threads) {
      t.join();
    }
  }

  /** Units assigned to this lease and not reported, minus those whose result is on its way. */
  private List<Integer> unitsToRun() {
    List<Integer> units = new ArrayList<>();
    for (int unit : leasedUnits()) {
      Optional<String> sent = ctx.state().submittedResult(lease.id().toHex(), unit);
      if (sent.isPresent() && stillCounts(Hash.fromHex(sent.get()))) {
        continue;
      }
      if (sent.isPresent()) {
        ctx.state().resultWithdrawn(lease.id().toHex(), unit, System.currentTimeMillis());
      }
      units.add(unit);
    }
    return units;
  }

  /** The units the lease was given when it opened, or else those the node says it holds now. */
  private List<Integer> leasedUnits() {
    if (!assignedUnits.isEmpty()) {
      return assignedUnits;
    }
    return ctx.client().units(lease.jobId()).stream()
        .filter(u -> u.state() == UnitInfo.State.LEASED && lease.id().equals(u.leaseId()))
        .map(UnitInfo::unit)
        .toList();
  }

  /** A result sent before a restart still counts if it is pending or was committed OK. */
  private boolean stillCounts(Hash tx) {
    TxStatus status = ctx.client().tx(tx);
    return status.state() == TxStatus.State.PENDING || (status.committed() && status.commit().ok());
  }

  private Optional<String> fetchInputs(List<InputRef> inputs) {
    for (InputRef input : inputs) {
      Path target = leaseDir.resolve("inputs").resolve(input.name());
      if (Files.exists(target)) {
        continue;
      }
      if (!ctx.client().downloadBlob(input.sha256(), target)) {
        return Optional.of(
            "input " + input.name() + " (" + input.sha256() + ") is not in the node's blob store");
      }
    }
    return Optional.empty();
  }

  private void runUnit(ProcessWorkload workload, JobSpec spec, int unit, Semaphore leaseSlots) {
    try {
      leaseSlots.acquire();
      try {
        ctx.unitSlots().acquire();
        try {
          attempt(workload, spec, unit);
        } finally {
          ctx.unitSlots().release();
        }
      } finally {
        leaseSlots.release();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (GridworkClientException | UncheckedIOException e) {
      LOG.error("lease {} unit {}: {}", lease.id(), unit, e.getMessage(), e);
    }
  }

  private void attempt(ProcessWorkload workload, JobSpec spec, int unit)
      throws InterruptedException {
    String lastFailure = "";
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      if (cancelled || givenUp) {
        return;
      }
      UnitDirs dirs = UnitDirs.under(fresh(leaseDir.resolve("unit-" + unit)));
      copyInputs(spec.inputs(), dirs.work());
      UnitSpec unitSpec;
      try {
        unitSpec = unitSpec(workload, spec, unit);
      } catch (IllegalArgumentException e) {
        giveUp("the job cannot run in this sandbox: " + e.getMessage());
        return;
      }
      UnitRun run = ctx.runner().start(unitSpec, dirs);
      running.add(run);
      if (cancelled) {
        run.cancel();
      }
      UnitOutcome outcome;
      try {
        outcome = run.await();
      } finally {
        running.remove(run);
      }
      switch (outcome) {
        case UnitOutcome.Completed completed -> {
          accountEnergy(completed.duration());
          report(unit, dirs, completed.outputs());
          return;
        }
        case UnitOutcome.Cancelled c -> {
          return;
        }
        default -> {
          ctx.metrics().unitsFailed.incrementAndGet();
          ctx.state().unitRan(false, System.currentTimeMillis());
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
    }
  }

  private UnitSpec unitSpec(ProcessWorkload workload, JobSpec spec, int unit) {
    String number = Integer.toString(unit);
    List<String> outputs = spec.outputs().stream().map(o -> o.replace("${UNIT}", number)).toList();
    Duration wallClock =
        Duration.ofSeconds(
            Math.min(spec.limits().unitTimeoutSeconds(), ctx.config().maxUnitSeconds()));
    long outputBytes =
        Math.min(spec.limits().maxOutputBytesPerUnit(), ctx.config().maxOutputBytesPerUnit());
    ResourceLimits limits =
        ResourceLimits.defaults().withWallClock(wallClock).withOutputBytes(outputBytes);
    SortedMap<String, String> env = new TreeMap<>(workload.env());
    ctx.unitEnv().forEach(env::putIfAbsent);
    return new UnitSpec(unit, workload.command(), env, gpuIndices, spec.network(), outputs, limits);
  }

  /** Uploads the outputs (and the manifest when there is one), then reports the unit. */
  private void report(int unit, UnitDirs dirs, List<OutputFile> outputs) {
    for (OutputFile output : outputs) {
      ctx.client().uploadBlob(lease.jobId(), ctx.key(), dirs.work().resolve(output.name()));
    }
    if (OutputDigest.needsManifest(outputs)) {
      Path manifest = dirs.logs().resolve("outputs.sha256");
      write(manifest, OutputDigest.manifest(outputs));
      ctx.client().uploadBlob(lease.jobId(), ctx.key(), manifest);
    }
    Hash digest = OutputDigest.of(outputs);
    if (cancelled) {
      return;
    }
    SubmitResult submitted = ctx.txs().submit(new UnitResult(lease.id(), unit, digest));
    switch (submitted) {
      case SubmitResult.Accepted accepted -> {
        ctx.state()
            .resultSubmitted(
                lease.id().toHex(), unit, accepted.hash().toHex(), System.currentTimeMillis());
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
      ctx.state().unitRan(true, System.currentTimeMillis());
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
    ctx.state()
        .energyUsed(Math.multiplyExact(milliwatts, busy.toMillis()), System.currentTimeMillis());
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
    ctx.state().leaseGivenUp(System.currentTimeMillis());
  }

  private void copyInputs(List<InputRef> inputs, Path work) {
    for (InputRef input : inputs) {
      Path target = work.resolve(input.name());
      try {
        Files.createDirectories(target.getParent());
        Files.copy(leaseDir.resolve("inputs").resolve(input.name()), target);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot copy input " + input.name() + " to " + work, e);
      }
    }
  }

  /** An empty directory at {@code dir}: what an earlier attempt left there is removed. */
  private static Path fresh(Path dir) {
    try {
      if (Files.exists(dir)) {
        try (Stream<Path> paths = Files.walk(dir)) {
          for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
      Files.createDirectories(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare unit directory " + dir, e);
    }
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
