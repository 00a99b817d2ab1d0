package io.gridwork.agent.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A service's process, a bubblewrap sandbox or the docker CLI running a container, started through
 * {@code setsid} and under the same limits as a unit but with no wall clock: it runs until it exits
 * or is stopped. Its stdout and stderr go to the log files (the first {@link
 * ResourceLimits#logBytes()} of each) and their last kilobytes stay in memory for status.
 *
 * <p>Owned by the supervisor that started it; its methods are safe to call from any thread.
 */
final class ServiceProcess implements ServiceInstance {
  private static final int TAIL_BYTES = 4096;

  /** How a service of one kind is asked to end before its process group is killed. */
  @FunctionalInterface
  interface Ending {
    /**
     * Asks what {@code process} runs to end within {@code grace}; returns once asked (or once it
     * ended, when asking waits for that).
     */
    void ask(Process process, Duration grace) throws InterruptedException;
  }

  private final Process process;
  private final CappedCapture stdout;
  private final CappedCapture stderr;
  private final Ending ending;

  private ServiceProcess(
      Process process, CappedCapture stdout, CappedCapture stderr, Ending ending) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
    this.ending = ending;
  }

  /** Starts draining {@code process}'s output into {@code dirs}' log files. */
  static ServiceProcess supervise(
      Process process, UnitDirs dirs, ResourceLimits limits, Ending ending) {
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
    return new ServiceProcess(process, out, err, ending);
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
    // Asked even when the process has ended: a container can outlive the CLI that started it.
    ending.ask(process, grace);
    process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
    // Whatever the program left behind (or the whole sandbox, if it ignored the request) goes now.
    ProcessTree.killGroup(process);
    process.waitFor();
  }
}
