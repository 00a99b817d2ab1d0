package io.gridwork.agent.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Runs work units as bubblewrap sandboxes: a read-only view of the system and the JDK, a private
 * writable {@code /work}, no network unless the job allows it and then a namespace of its own
 * ({@link SandboxNetwork}), a clean environment, rlimits on CPU, memory, file size and processes,
 * and a wall clock that kills the sandbox's whole process group (bwrap is started through {@code
 * setsid} to own one).
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
   * Starts {@code spec} in a new sandbox and returns once its program runs; a unit with network
   * access first gets its network set up. Throws {@link IllegalArgumentException} if one of the
   * directories would expose a protected path.
   */
  public UnitRun start(UnitSpec spec, UnitDirs dirs) {
    return switch (launch(spec, dirs, List.of())) {
      case Launched launched ->
          UnitRun.supervise(
              launched.process(),
              new UnitRun.Watched(spec.unit(), spec.limits(), spec.outputs()),
              dirs,
              BWRAP,
              launched::ended);
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

  /** A started sandbox and its network, if it has one, which must be closed when it ends. */
  private record Launched(Process process, Optional<SandboxNetwork> network) implements Launch {
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
    List<String> command;
    try {
      command =
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
    List<String> full = network.map(n -> n.wrap(command)).orElse(command);
    return switch (ProcessGroup.start(full, "the sandbox")) {
      case ProcessGroup.Started started -> connect(started.process(), network, ports);
      case ProcessGroup.NotStarted notStarted -> {
        network.ifPresent(SandboxNetwork::close);
        yield new NotLaunched(notStarted.reason());
      }
    };
  }

  /**
   * Sets up the network of the sandbox {@code process} leads, if it has one; a sandbox whose
   * network cannot be set up is killed before its program runs. The network ends with the sandbox.
   */
  private static Launch connect(
      Process process, Optional<SandboxNetwork> network, List<PublishedPort> ports) {
    if (network.isEmpty()) {
      return new Launched(process, network);
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
    return new Launched(process, network);
  }

  /**
   * Why units with network access cannot run here (the agent is not root, or slirp4netns, nsenter
   * or iptables-restore is missing), or empty when they can.
   */
  public Optional<String> networkUnavailable() {
    return SandboxNetwork.unavailable();
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
