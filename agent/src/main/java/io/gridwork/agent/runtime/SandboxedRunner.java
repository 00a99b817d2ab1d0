package io.gridwork.agent.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs work units as bubblewrap sandboxes: a read-only view of the system and the JDK, a private
 * writable {@code /work}, no network unless the job allows it, a clean environment, rlimits on CPU,
 * memory, file size and processes, in-memory {@code /tmp} and {@code /dev/shm} sized from the
 * unit's memory, no nested user namespaces, a watch on the size of {@code /work}, and a wall clock
 * that kills the sandbox's whole process group (bwrap is started through {@code setsid} to own
 * one). Sandboxes are started from one long-lived thread ({@link SandboxLauncher}) and, when the
 * agent runs as root, as a user of their own ({@link SandboxUsers}).
 *
 * <p>Services run in the same sandbox without the wall clock ({@link #startService}).
 *
 * <p>Safe to share; each {@link UnitRun} and {@link ServiceInstance} owns its own process.
 */
public final class SandboxedRunner {
  private final SandboxConfig config;
  private final SandboxUsers users;
  private final UnitCgroups.Found cgroups;
  private final InstantSource clock;

  public SandboxedRunner(SandboxConfig config) {
    this(config, InstantSource.system());
  }

  /** A runner whose units' wall clocks are read from {@code clock}. */
  public SandboxedRunner(SandboxConfig config, InstantSource clock) {
    this.config = config;
    this.users = SandboxUsers.forThisProcess();
    this.cgroups = UnitCgroups.forThisProcess();
    this.clock = clock;
  }

  /**
   * Why units get no cgroup of their own on this host, leaving the rlimits and tmpfs sizes as all
   * that holds them; empty when they do.
   */
  public Optional<String> withoutCgroups() {
    return cgroups instanceof UnitCgroups.Found.Unavailable unavailable
        ? Optional.of(unavailable.reason())
        : Optional.empty();
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
    Optional<SandboxUsers.User> user = users.acquire();
    Optional<UnitCgroups.UnitCgroup> cgroup = cgroupFor(spec);
    return switch (launch(command, dirs, user, cgroup)) {
      case ProcessGroup.Started started -> {
        user.ifPresent(u -> started.process().onExit().thenRun(() -> users.release(u)));
        UnitRun run =
            UnitRun.supervise(
                started.process(),
                new UnitRun.Watched(spec.unit(), spec.limits(), spec.outputs()),
                dirs,
                new Bubblewrap(cgroup),
                clock);
        cgroup.ifPresent(c -> run.outcome().whenComplete((outcome, failure) -> c.remove()));
        yield run;
      }
      case ProcessGroup.NotStarted notStarted -> {
        user.ifPresent(users::release);
        cgroup.ifPresent(UnitCgroups.UnitCgroup::remove);
        yield UnitRun.finished(new UnitOutcome.SandboxUnavailable(notStarted.reason()));
      }
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
    Optional<SandboxUsers.User> user = users.acquire();
    Optional<UnitCgroups.UnitCgroup> cgroup = cgroupFor(spec);
    return switch (launch(command, dirs, user, cgroup)) {
      case ProcessGroup.Started started -> {
        user.ifPresent(u -> started.process().onExit().thenRun(() -> users.release(u)));
        cgroup.ifPresent(c -> started.process().onExit().thenRun(c::remove));
        yield new ServiceStart.Started(
            ServiceProcess.supervise(
                started.process(), dirs, spec.limits(), SandboxedRunner::askToEnd));
      }
      case ProcessGroup.NotStarted notStarted -> {
        user.ifPresent(users::release);
        cgroup.ifPresent(UnitCgroups.UnitCgroup::remove);
        yield new ServiceStart.NotStarted(notStarted.reason());
      }
    };
  }

  /** Runs {@code spec} to its end. */
  public UnitOutcome run(UnitSpec spec, UnitDirs dirs) throws InterruptedException {
    return start(spec, dirs).await();
  }

  private Optional<UnitCgroups.UnitCgroup> cgroupFor(UnitSpec spec) {
    return cgroups instanceof UnitCgroups.Found.Available available
        ? Optional.of(available.cgroups().create(spec.unit(), spec.limits()))
        : Optional.empty();
  }

  /**
   * Starts bwrap on the launcher thread, in {@code cgroup} and as {@code user} when there are such:
   * the unit's directories become that user's, and every directory bwrap binds must be reachable by
   * it.
   */
  private ProcessGroup.Start launch(
      List<String> bwrap,
      UnitDirs dirs,
      Optional<SandboxUsers.User> user,
      Optional<UnitCgroups.UnitCgroup> cgroup) {
    List<String> command = new ArrayList<>();
    cgroup.ifPresent(c -> command.addAll(c.join()));
    if (user.isPresent()) {
      SandboxUsers.handOver(user.get(), List.of(dirs.work(), dirs.checkpoint()));
      for (Path source : boundSources(dirs)) {
        SandboxUsers.makeReachable(source);
      }
      command.addAll(SandboxUsers.runAs(user.get()));
    }
    command.addAll(bwrap);
    try {
      return SandboxLauncher.start(command, "the sandbox");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ProcessGroup.NotStarted("interrupted while starting the sandbox");
    }
  }

  /** The host paths outside the system directories that a sandbox binds. */
  private List<Path> boundSources(UnitDirs dirs) {
    List<Path> sources = new ArrayList<>(List.of(dirs.work(), dirs.checkpoint()));
    sources.add(config.javaHome());
    sources.addAll(config.extraReadOnly());
    config.tools().ifPresent(sources::add);
    return sources;
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
    private final Optional<UnitCgroups.UnitCgroup> cgroup;

    Bubblewrap(Optional<UnitCgroups.UnitCgroup> cgroup) {
      this.cgroup = cgroup;
    }

    @Override
    public void kill(Process process) {
      ProcessTree.killGroup(process);
    }

    @Override
    public boolean outOfMemory() {
      return cgroup.map(UnitCgroups.UnitCgroup::outOfMemory).orElse(false);
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
      try (BufferedReader reader = Files.newBufferedReader(dirs.stderr(), StandardCharsets.UTF_8)) {
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
