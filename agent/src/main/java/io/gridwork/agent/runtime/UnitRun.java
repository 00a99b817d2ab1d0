package io.gridwork.agent.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One unit running in its sandbox or container. A virtual thread owned by this object supervises
 * the process (wall clock, size of {@code /work}, log capture, output check) and completes {@link
 * #outcome()}; {@link #cancel()} may be called from any thread.
 */
public final class UnitRun {
  private static final Logger LOG = LoggerFactory.getLogger(UnitRun.class);
  private static final int STDERR_TAIL_BYTES = 4096;
  private static final Duration PIPE_GRACE = Duration.ofSeconds(5);

  /** How often the supervisor measures {@code /work} and the unit's CPU time. */
  static final Duration POLL = Duration.ofMillis(500);

  /**
   * What differs between the runtimes a unit can run in: how the unit is stopped, and how the
   * runtime reports a failure of its own, before or around the unit's program.
   */
  interface Kind {
    /** Kills the unit and everything it started; {@code process} leads its own process group. */
    void kill(Process process);

    /**
     * The runtime's own failure behind exit status {@code exitCode}, or empty when it is the
     * unit's.
     */
    Optional<String> runtimeFailure(int exitCode, UnitDirs dirs);

    /** Whether the kernel killed a process of the unit at the memory limit of its cgroup. */
    default boolean outOfMemory() {
      return false;
    }
  }

  /** What the supervisor checks: the unit's number, its limits and the outputs it promises. */
  record Watched(long unit, ResourceLimits limits, List<String> outputs) {
    Watched {
      outputs = List.copyOf(outputs);
    }
  }

  private final CompletableFuture<UnitOutcome> outcome = new CompletableFuture<>();
  private final Process process;
  private final Kind kind;
  private final InstantSource clock;
  private volatile boolean cancelled;

  private UnitRun(Process process, Kind kind, InstantSource clock) {
    this.process = process;
    this.kind = kind;
    this.clock = clock;
  }

  static UnitRun finished(UnitOutcome result) {
    UnitRun run = new UnitRun(null, null, null);
    run.outcome.complete(result);
    return run;
  }

  static UnitRun supervise(Process process, Watched watched, UnitDirs dirs, Kind kind) {
    return supervise(process, watched, dirs, kind, InstantSource.system(), () -> {});
  }

  /**
   * Supervises {@code process} with {@code clock} for its wall clock; {@code ended} runs once it
   * has exited, before the outcome is known, to release what the run held outside it (a sandbox's
   * network).
   */
  static UnitRun supervise(
      Process process,
      Watched watched,
      UnitDirs dirs,
      Kind kind,
      InstantSource clock,
      Runnable ended) {
    UnitRun run = new UnitRun(process, kind, clock);
    Thread.ofVirtual()
        .name("unit-" + watched.unit())
        .start(
            () -> {
              try {
                run.outcome.complete(run.superviseToEnd(watched, dirs, ended));
              } catch (RuntimeException | Error e) {
                kind.kill(process);
                ended.run();
                run.outcome.completeExceptionally(e);
              }
            });
    return run;
  }

  /** Completes once the unit has ended and its outputs were checked. */
  public CompletionStage<UnitOutcome> outcome() {
    return outcome.minimalCompletionStage();
  }

  /** Waits for the outcome; a failure of the supervisor itself surfaces as an exception. */
  public UnitOutcome await() throws InterruptedException {
    try {
      return outcome.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("supervising the unit failed", e.getCause());
    }
  }

  /** Kills the unit and everything it started; the outcome becomes {@code Cancelled}. */
  public void cancel() {
    if (process == null || outcome.isDone()) {
      return;
    }
    cancelled = true;
    kind.kill(process);
  }

  /**
   * Once bwrap has exited the pipes close within moments. If something still holds one open, the
   * unit's result must not wait for it: the reader stays behind as a daemon and the loss is logged.
   */
  private static void awaitEndOfOutput(Thread reader, Watched spec) throws InterruptedException {
    if (!reader.join(PIPE_GRACE)) {
      LOG.warn(
          "unit {}: {} still open after the sandbox exited; reporting without the rest",
          spec.unit(),
          reader.getName());
    }
  }

  private UnitOutcome superviseToEnd(Watched spec, UnitDirs dirs, Runnable ended) {
    Instant started = clock.instant();
    ResourceLimits limits = spec.limits();
    CappedCapture stdout;
    CappedCapture stderr;
    try {
      stdout =
          new CappedCapture(
              process.getInputStream(), Files.newOutputStream(dirs.stdout()), limits.logBytes(), 0);
      stderr =
          new CappedCapture(
              process.getErrorStream(),
              Files.newOutputStream(dirs.stderr()),
              limits.logBytes(),
              STDERR_TAIL_BYTES);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the unit's log files in " + dirs.logs(), e);
    }
    Thread outReader = stdout.start("unit-" + spec.unit() + " stdout");
    Thread errReader = stderr.start("unit-" + spec.unit() + " stderr");
    WorkWatch watch = new WorkWatch(dirs.work(), process);
    Optional<UnitOutcome> stopped;
    try {
      stopped = watchUntilEnd(spec, watch, started.plus(limits.wallClock()));
      process.waitFor();
      ended.run();
      awaitEndOfOutput(outReader, spec);
      awaitEndOfOutput(errReader, spec);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while supervising unit " + spec.unit(), e);
    }
    Duration duration = Duration.between(started, clock.instant());
    if (cancelled) {
      return new UnitOutcome.Cancelled();
    }
    if (stopped.isPresent()) {
      return stopped.get();
    }
    int exitCode = process.exitValue();
    if (exitCode != 0) {
      Optional<String> runtimeFailure = kind.runtimeFailure(exitCode, dirs);
      if (runtimeFailure.isPresent()) {
        return new UnitOutcome.SandboxUnavailable(runtimeFailure.get());
      }
      UnitOutcome.Cause cause =
          exitCode == 128 + 9 && kind.outOfMemory()
              ? UnitOutcome.Cause.OUT_OF_MEMORY
              : cause(exitCode, limits, watch);
      return new UnitOutcome.Failed(exitCode, cause, stderr.tail());
    }
    return OutputCheck.check(dirs, spec.outputs(), limits.outputBytes(), duration);
  }

  /**
   * Waits for the process to end, measuring {@code /work} as it goes; kills the unit and says why
   * when it passes its wall clock or its work directory grows past its limit.
   */
  private Optional<UnitOutcome> watchUntilEnd(Watched spec, WorkWatch watch, Instant deadline)
      throws InterruptedException {
    ResourceLimits limits = spec.limits();
    while (true) {
      Duration left = Duration.between(clock.instant(), deadline);
      if (left.isNegative() || left.isZero()) {
        kind.kill(process);
        return Optional.of(new UnitOutcome.TimedOut(limits.wallClock()));
      }
      long wait = Math.min(left.toMillis(), POLL.toMillis());
      if (process.waitFor(Math.max(1, wait), TimeUnit.MILLISECONDS)) {
        return Optional.empty();
      }
      watch.sampleCpu();
      long bytes = watch.workBytes();
      if (bytes > limits.workBytes()) {
        kind.kill(process);
        LOG.info(
            "unit {}: /work holds {} bytes, over its limit of {}; stopped",
            spec.unit(),
            bytes,
            limits.workBytes());
        return Optional.of(new UnitOutcome.WorkTooLarge(bytes, limits.workBytes()));
      }
    }
  }

  /**
   * Why the unit's status is {@code exitCode}, from the signal it reports and what the supervisor
   * saw: SIGKILL is the kernel's at the hard CPU-time limit only when a process had used nearly all
   * of its CPU time when last sampled.
   */
  private static UnitOutcome.Cause cause(int exitCode, ResourceLimits limits, WorkWatch watch) {
    return switch (exitCode) {
      case 128 + 24 -> UnitOutcome.Cause.CPU_LIMIT;
      case 128 + 25 -> UnitOutcome.Cause.FILE_SIZE_LIMIT;
      case 128 + 9 -> {
        Duration nearHardLimit =
            Duration.ofSeconds(limits.cpuSeconds()).minus(POLL.multipliedBy(2));
        yield watch.mostCpu().compareTo(nearHardLimit) >= 0
            ? UnitOutcome.Cause.CPU_HARD_LIMIT
            : UnitOutcome.Cause.SIGNAL;
      }
      default ->
          exitCode > 128 && exitCode <= 128 + 64
              ? UnitOutcome.Cause.SIGNAL
              : UnitOutcome.Cause.EXITED;
    };
  }
}
