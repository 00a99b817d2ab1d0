package io.gridwork.agent.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs work units as bubblewrap sandboxes: a read-only view of the system and the JDK, a private
 * writable {@code /work}, no network unless the job allows it and then a namespace of its own
 * ({@link SandboxNetwork}), a clean environment, rlimits on CPU, memory, file size and processes,
 * in-memory {@code /tmp} and {@code /dev/shm} sized from the unit's memory, no nested user
 * namespaces, a watch on the size of {@code /work}, and a wall clock that kills the sandbox's whole
 * process group (bwrap is started through {@code setsid} to own one). Sandboxes are started from
 * long-lived threads ({@link SandboxLauncher}) and, when the agent runs as root, as a user of their
 * own ({@link SandboxUsers}).
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
   * Starts {@code spec} in a new sandbox and returns once its program runs; a unit with network
   * access first gets its network set up. Throws {@link IllegalArgumentException} if one of the
   * directories would expose a protected path.
   */
  public UnitRun start(UnitSpec spec, UnitDirs dirs) {
    return switch (launch(spec, dirs, List.of())) {
      case Launched launched -> {
        UnitRun run =
            UnitRun.supervise(
                launched.process(),
                new UnitRun.Watched(spec.unit(), spec.limits(), spec.outputs()),
                dirs,
                new Bubblewrap(launched.cgroup()),
                clock,
                launched::ended);
        launched
            .cgroup()
            .ifPresent(c -> run.outcome().whenComplete((outcome, failure) -> c.remove()));
        yield run;
      }
      case NotLaunched notLaunched ->
          UnitRun.finished(new UnitOutcome.SandboxUnavailable(notLaunched.reason()));
    };
  }

  /**
   * Starts {@code spec} as a long-running service in a new sandbox and returns once its program
   * runs: the same sandbox, limits and environment as a unit, but no wall clock and no output
   * check. Its wall-clock limit is ignored; the caller stops it. Each of {@code ports} is published
   * on the host, forwarded to the same port in the sandbox's network. Throws {@link
   * IllegalArgumentException} if one of the directories would expose a protected path.
   */
  public ServiceStart startService(UnitSpec spec, UnitDirs dirs, List<PublishedPort> ports) {
    if (!ports.isEmpty() && !spec.network()) {
      return new ServiceStart.NotStarted(
          "the service exposes ports but has no network access; a port is reachable only through"
              + " a network");
    }
    return switch (launch(spec, dirs, ports)) {
      case Launched launched -> {
        launched.cgroup().ifPresent(c -> launched.process().onExit().thenRun(c::remove));
        ServiceProcess service =
            ServiceProcess.supervise(
                launched.process(), dirs, spec.limits(), SandboxedRunner::askToEnd);
        yield new ServiceStart.Started(
            launched.network().isEmpty()
                ? service
                : new NetworkedService(service, launched.network().get()));
      }
      case NotLaunched notLaunched -> new ServiceStart.NotStarted(notLaunched.reason());
    };
  }

  /**
   * A started sandbox with its network and cgroup, if it has them: the network must be closed when
   * it ends, the cgroup removed.
   */
  private record Launched(
      Process process, Optional<SandboxNetwork> network, Optional<UnitCgroups.UnitCgroup> cgroup)
      implements Launch {
    void ended() {
      network.ifPresent(SandboxNetwork::close);
    }
  }

  private record NotLaunched(String reason) implements Launch {}

  private sealed interface Launch permits Launched, NotLaunched {}

  private Launch launch(UnitSpec spec, UnitDirs dirs, List<PublishedPort> ports) {
    if (spec.network()) {
      Optional<String> unavailable = SandboxNetwork.unavailable();
      if (unavailable.isPresent()) {
        return new NotLaunched(unavailable.get());
      }
    }
    Optional<SandboxNetwork> network =
        spec.network() ? Optional.of(SandboxNetwork.create()) : Optional.empty();
    List<String> bwrap;
    try {
      bwrap =
          BwrapCommand.build(
              config, spec, dirs, network.map(SandboxNetwork::bwrapOptions).orElse(List.of()));
      dirs.create();
    } catch (RuntimeException e) {
      network.ifPresent(SandboxNetwork::close);
      throw e;
    }
    if (!Executables.exists(config.bwrap())) {
      network.ifPresent(SandboxNetwork::close);
      return new NotLaunched(SandboxFailures.notInstalled(config.bwrap(), "not found"));
    }
    Optional<SandboxUsers.User> user = users.acquire();
    Optional<UnitCgroups.UnitCgroup> cgroup = cgroupFor(spec);
    ProcessGroup.Start start = startOnLauncher(command(bwrap, dirs, user, cgroup, network));
    return switch (start) {
      case ProcessGroup.Started started -> {
        user.ifPresent(u -> started.process().onExit().thenRun(() -> users.release(u)));
        yield switch (connect(started.process(), network, cgroup, ports)) {
          case Launched launched -> launched;
          case NotLaunched notLaunched -> {
            cgroup.ifPresent(UnitCgroups.UnitCgroup::remove);
            yield notLaunched;
          }
        };
      }
      case ProcessGroup.NotStarted notStarted -> {
        user.ifPresent(users::release);
        cgroup.ifPresent(UnitCgroups.UnitCgroup::remove);
        network.ifPresent(SandboxNetwork::close);
        yield new NotLaunched(notStarted.reason());
      }
    };
  }

  private Optional<UnitCgroups.UnitCgroup> cgroupFor(UnitSpec spec) {
    return cgroups instanceof UnitCgroups.Found.Available available
        ? Optional.of(available.cgroups().create(spec.unit(), spec.limits()))
        : Optional.empty();
  }

  /**
   * bwrap's command line behind what starts it: in {@code cgroup}, with the network's descriptors
   * opened by the agent's own user (the pipe is the agent's), then as {@code user} when there is
   * one: the unit's directories become that user's, and every directory bwrap binds must be
   * reachable by it.
   */
  private List<String> command(
      List<String> bwrap,
      UnitDirs dirs,
      Optional<SandboxUsers.User> user,
      Optional<UnitCgroups.UnitCgroup> cgroup,
      Optional<SandboxNetwork> network) {
    List<String> asUser = new ArrayList<>();
    if (user.isPresent()) {
      SandboxUsers.handOver(user.get(), List.of(dirs.work(), dirs.checkpoint()));
      for (Path source : boundSources(dirs)) {
        SandboxUsers.makeReachable(source);
      }
      asUser.addAll(SandboxUsers.runAs(user.get()));
    }
    asUser.addAll(bwrap);
    List<String> command = new ArrayList<>();
    cgroup.ifPresent(c -> command.addAll(c.join()));
    command.addAll(network.map(n -> n.wrap(asUser)).orElse(asUser));
    return command;
  }

  private static ProcessGroup.Start startOnLauncher(List<String> command) {
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
   * Sets up the network of the sandbox {@code process} leads, if it has one; a sandbox whose
   * network cannot be set up is killed before its program runs. The network ends with the sandbox.
   */
  private static Launch connect(
      Process process,
      Optional<SandboxNetwork> network,
      Optional<UnitCgroups.UnitCgroup> cgroup,
      List<PublishedPort> ports) {
    if (network.isEmpty()) {
      return new Launched(process, network, cgroup);
    }
    SandboxNetwork net = network.get();
    // Whatever ends the sandbox, its forwarder goes with it.
    process.onExit().thenRunAsync(net::close, task -> Thread.ofVirtual().start(task));
    Optional<String> problem;
    try {
      problem = net.attach(process, ports);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problem = Optional.of("interrupted while setting up the sandbox's network");
    } catch (RuntimeException e) {
      ProcessTree.killGroup(process);
      net.close();
      throw e;
    }
    if (problem.isPresent()) {
      ProcessTree.killGroup(process);
      net.close();
      return new NotLaunched(problem.get());
    }
    return new Launched(process, network, cgroup);
  }

  /**
   * Why units with network access cannot run here (the agent is not root, or slirp4netns, nsenter
   * or iptables-restore is missing), or empty when they can.
   */
  public Optional<String> networkUnavailable() {
    return SandboxNetwork.unavailable();
  }

  /**
   * Packs the checkpoint directory of the unit in {@code dirs} into {@code archive} inside a
   * sandbox that binds only what the unit's does, so nothing the unit does to the directory can
   * make the agent read a host file. Throws {@link java.io.UncheckedIOException} when packing fails
   * or runs past {@code timeout}.
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
