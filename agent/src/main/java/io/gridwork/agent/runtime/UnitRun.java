package io.gridwork.agent.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
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
 * the process (wall clock, log capture, output check) and completes {@link #outcome()}; {@link
 * #cancel()} may be called from any thread.
 */
public final class UnitRun {
  private static final Logger LOG = LoggerFactory.getLogger(UnitRun.class);
  private static final int STDERR_TAIL_BYTES = 4096;
  private static final Duration PIPE_GRACE = Duration.ofSeconds(5);

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
  private volatile boolean cancelled;

  private UnitRun(Process process, Kind kind) {
    this.process = process;
    this.kind = kind;
  }

  static UnitRun finished(UnitOutcome result) {
    UnitRun run = new UnitRun(null, null);
    run.outcome.complete(result);
    return run;
  }

  static UnitRun supervise(Process process, Watched watched, UnitDirs dirs, Kind kind) {
    UnitRun run = new UnitRun(process, kind);
    Thread.ofVirtual()
        .name("unit-" + watched.unit())
        .start(
            () -> {
              try {
                run.outcome.complete(run.superviseToEnd(watched, dirs));
              } catch (RuntimeException | Error e) {
                kind.kill(process);
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

  private UnitOutcome superviseToEnd(Watched spec, UnitDirs dirs) {
    long started = System.nanoTime();
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
    boolean timedOut;
    try {
      timedOut = !process.waitFor(limits.wallClock().toMillis(), TimeUnit.MILLISECONDS);
      if (timedOut) {
        kind.kill(process);
      }
      process.waitFor();
      awaitEndOfOutput(outReader, spec);
      awaitEndOfOutput(errReader, spec);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while supervising unit " + spec.unit(), e);
    }
    Duration duration = Duration.ofNanos(System.nanoTime() - started);
    if (cancelled) {
      return new UnitOutcome.Cancelled();
    }
    if (timedOut) {
      return new UnitOutcome.TimedOut(limits.wallClock());
    }
    int exitCode = process.exitValue();
    if (exitCode != 0) {
      Optional<String> runtimeFailure = kind.runtimeFailure(exitCode, dirs);
      if (runtimeFailure.isPresent()) {
        return new UnitOutcome.SandboxUnavailable(runtimeFailure.get());
      }
      return new UnitOutcome.Failed(exitCode, stderr.tail());
    }
    return OutputCheck.check(dirs, spec.outputs(), limits.outputBytes(), duration);
  }
}
