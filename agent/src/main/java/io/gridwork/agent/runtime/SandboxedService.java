package io.gridwork.agent.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A service's process running in its bubblewrap sandbox, under the same limits as a unit but with
 * no wall clock: it runs until it exits or is stopped. Its stdout and stderr go to the log files
 * (the first {@link ResourceLimits#logBytes()} of each) and their last kilobytes stay in memory for
 * status.
 *
 * <p>Owned by the supervisor that started it; its methods are safe to call from any thread.
 */
final class SandboxedService implements ServiceInstance {
  private static final int TAIL_BYTES = 4096;

  private final Process process;
  private final CappedCapture stdout;
  private final CappedCapture stderr;

  private SandboxedService(Process process, CappedCapture stdout, CappedCapture stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** Starts draining {@code process}'s output into {@code dirs}' log files. */
  static SandboxedService supervise(Process process, UnitDirs dirs, ResourceLimits limits) {
    CappedCapture out;
    CappedCapture err;
    try {
      out =
          new CappedCapture(
              process.getInputStream(),
              Files.newOutputStream(dirs.stdout()),
              limits.logBytes(),
              TAIL_BYTES);
      err =
          new CappedCapture(
              process.getErrorStream(),
              Files.newOutputStream(dirs.stderr()),
              limits.logBytes(),
              TAIL_BYTES);
    } catch (IOException e) {
      ProcessTree.killGroup(process);
      throw new UncheckedIOException("cannot create the service's log files in " + dirs.logs(), e);
    }
    out.start("service-" + process.pid() + " stdout");
    err.start("service-" + process.pid() + " stderr");
    return new SandboxedService(process, out, err);
  }

  @Override
  public OptionalInt exitCode() {
    return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
  }

  @Override
  public String stdoutTail() {
    return stdout.tail();
  }

  @Override
  public String stderrTail() {
    return stderr.tail();
  }

  @Override
  public void stop(Duration grace) throws InterruptedException {
    if (process.isAlive()) {
      ProcessTree.terminateSandboxed(process);
      process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
    }
    // Whatever the program left behind (or the whole sandbox, if it ignored the request) goes now.
    ProcessTree.killGroup(process);
    process.waitFor();
  }
}
