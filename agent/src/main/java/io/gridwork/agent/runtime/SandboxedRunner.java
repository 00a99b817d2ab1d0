package io.gridwork.agent.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Runs work units as bubblewrap sandboxes: a read-only view of the system and the JDK, a private
 * writable {@code /work}, no network unless the job allows it, a clean environment, rlimits on CPU,
 * memory, file size and processes, and a wall clock that kills the sandbox's whole process group
 * (bwrap is started through {@code setsid} to own one).
 *
 * <p>Services run in the same sandbox without the wall clock ({@link #startService}).
 *
 * <p>Immutable and safe to share; each {@link UnitRun} and {@link ServiceInstance} owns its own
 * process.
 */
public final class SandboxedRunner {
  private static final UnitRun.Kind BWRAP = new Bubblewrap();

  private final SandboxConfig config;

  public SandboxedRunner(SandboxConfig config) {
    this.config = config;
  }

  /**
   * Starts {@code spec} in a new sandbox and returns at once. Throws {@link
   * IllegalArgumentException} if one of the directories would expose a protected path.
   */
  public UnitRun start(UnitSpec spec, UnitDirs dirs) {
    List<String> command = BwrapCommand.build(config, spec, dirs);
    dirs.create();
    if (!Executables.exists(config.bwrap())) {
      return UnitRun.finished(
          new UnitOutcome.SandboxUnavailable(
              SandboxFailures.notInstalled(config.bwrap(), "not found")));
    }
    return switch (ProcessGroup.start(command, "the sandbox")) {
      case ProcessGroup.Started started ->
          UnitRun.supervise(
              started.process(),
              new UnitRun.Watched(spec.unit(), spec.limits(), spec.outputs()),
              dirs,
              BWRAP);
      case ProcessGroup.NotStarted notStarted ->
          UnitRun.finished(new UnitOutcome.SandboxUnavailable(notStarted.reason()));
    };
  }

  /**
   * Starts {@code spec} as a long-running service in a new sandbox and returns at once: the same
   * sandbox, limits and environment as a unit, but no wall clock and no output check. Its
   * wall-clock limit is ignored; the caller stops it. Throws {@link IllegalArgumentException} if
   * one of the directories would expose a protected path.
   */
  public ServiceStart startService(UnitSpec spec, UnitDirs dirs) {
    List<String> command = BwrapCommand.build(config, spec, dirs);
    dirs.create();
    if (!Executables.exists(config.bwrap())) {
      return new ServiceStart.NotStarted(SandboxFailures.notInstalled(config.bwrap(), "not found"));
    }
    return switch (ProcessGroup.start(command, "the sandbox")) {
      case ProcessGroup.Started started ->
          new ServiceStart.Started(
              ServiceProcess.supervise(
                  started.process(), dirs, spec.limits(), SandboxedRunner::askToEnd));
      case ProcessGroup.NotStarted notStarted -> new ServiceStart.NotStarted(notStarted.reason());
    };
  }

  /**
   * Packs the checkpoint directory of the unit in {@code dirs} into {@code archive} with the unit's
   * rights: in a sandbox like the unit's, so nothing the unit does to the directory can make the
   * agent read a host file. Throws {@link java.io.UncheckedIOException} when packing fails or runs
   * past {@code timeout}.
   */
  public CheckpointArchive.PackResult packCheckpoint(
      UnitDirs dirs, Path archive, long limit, Duration timeout) throws InterruptedException {
    return SandboxedPacker.pack(config, dirs, archive, limit, timeout);
  }

  /** Runs {@code spec} to its end. */
  public UnitOutcome run(UnitSpec spec, UnitDirs dirs) throws InterruptedException {
    return start(spec, dirs).await();
  }

  /**
   * SIGTERM for the sandbox's programs, and only while it runs: once bwrap has exited its process
   * group is all that can be left.
   */
  private static void askToEnd(Process process, Duration grace) {
    if (process.isAlive()) {
      ProcessTree.terminateSandboxed(process);
    }
  }

  /** bwrap started through setsid: its process group is the whole sandbox. */
  private static final class Bubblewrap implements UnitRun.Kind {
    @Override
    public void kill(Process process) {
      ProcessTree.killGroup(process);
    }

    /**
     * bwrap reports its own setup failures with exit status 1 and a first stderr line starting with
     * "bwrap: ", before the unit's program ever runs. A unit imitating that only spoils its own
     * result; {@link SandboxCheck} is what decides whether this host can run units at all.
     */
    @Override
    public Optional<String> runtimeFailure(int exitCode, UnitDirs dirs) {
      if (exitCode != 1) {
        return Optional.empty();
      }
      try (BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(
                  UnitTree.openFile(dirs.logs(), dirs.stderr().getFileName().toString()),
                  StandardCharsets.UTF_8))) {
        String first = reader.readLine();
        return first != null && first.startsWith("bwrap: ")
            ? Optional.of(SandboxFailures.explain(first))
            : Optional.empty();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + dirs.stderr(), e);
      }
    }
  }
}
