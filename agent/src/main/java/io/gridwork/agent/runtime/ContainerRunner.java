package io.gridwork.agent.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work units of container images through the {@code docker} CLI, with the outcomes of {@link
 * SandboxedRunner}: the same log capture, wall clock, output check and digests. The CLI is started
 * through {@code setsid}; on the wall clock, a cancel or the agent stopping, the named container is
 * killed with {@code docker kill} and then the CLI's process group, since killing the CLI alone
 * leaves the container running in the engine.
 *
 * <p>Services run the same way without the wall clock ({@link #startService}), their ports
 * published on the host, and are stopped with {@code docker stop}.
 *
 * <p>Immutable and safe to share; each {@link UnitRun} and {@link ServiceInstance} owns its own
 * process and container.
 */
public final class ContainerRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerRunner.class);
  private static final Duration ENGINE_COMMAND_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
  private static final int OUTPUT_CAP = 64 * 1024;

  /** Whether a Docker engine answers, and its version or why not. */
  public record EngineStatus(boolean answers, String detail) {}

  private final ContainerConfig config;
  private final CommandRunner commands = new CommandRunner(OUTPUT_CAP);

  public ContainerRunner(ContainerConfig config) {
    this.config = config;
  }

  /** Asks the engine for its version with {@code docker info}. */
  public EngineStatus probe() {
    return switch (commands.run(
        List.of(config.docker(), "info", "--format", "{{.ServerVersion}}"),
        new byte[0],
        PROBE_TIMEOUT)) {
      case CommandResult.NotStarted notStarted ->
          new EngineStatus(false, "cannot run " + config.docker() + ": " + notStarted.reason());
      case CommandResult.TimedOut timedOut ->
          new EngineStatus(
              false,
              "the Docker engine did not answer `docker info` within "
                  + PROBE_TIMEOUT.toSeconds()
                  + " s");
      case CommandResult.Exited exited when exited.exitCode() != 0 ->
          new EngineStatus(
              false, "no Docker engine answers (`docker info`: " + lastLine(exited) + ")");
      case CommandResult.Exited exited ->
          new EngineStatus(true, "Docker engine " + exited.stdout().strip() + " answers");
    };
  }

  /** Pulls {@code image}; empty when it is there, else why not. */
  public Optional<String> pull(String image) {
    try {
      ContainerUnit.checkImage(image);
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
    LOG.info("pulling image {}", image);
    return switch (commands.run(
        List.of(config.docker(), "pull", image), new byte[0], config.pullTimeout())) {
      case CommandResult.NotStarted notStarted ->
          Optional.of("cannot run " + config.docker() + ": " + notStarted.reason());
      case CommandResult.TimedOut timedOut ->
          Optional.of(
              "pulling image "
                  + image
                  + " took longer than "
                  + config.pullTimeout().toSeconds()
                  + " s");
      case CommandResult.Exited exited when exited.exitCode() != 0 ->
          Optional.of("cannot pull image " + image + ": " + lastLine(exited));
      case CommandResult.Exited exited -> Optional.empty();
    };
  }

  /**
   * Starts {@code unit} in a container named {@code name} and returns at once. A container of the
   * same name left by an agent that stopped mid-unit is removed first. Throws {@link
   * IllegalArgumentException} if a directory would expose a protected path or cannot be bound.
   */
  public UnitRun start(ContainerUnit unit, UnitDirs dirs, String name) {
    dirs.create();
    List<String> command = DockerCommand.run(config, unit, dirs, name, owner(dirs.work()));
    if (!Executables.exists(config.docker())) {
      return UnitRun.finished(new UnitOutcome.SandboxUnavailable(dockerMissing()));
    }
    removeLeftover(name);
    return switch (ProcessGroup.start(command, "the docker CLI")) {
      case ProcessGroup.Started started ->
          UnitRun.supervise(
              started.process(),
              new UnitRun.Watched(unit.unit(), unit.limits(), unit.outputs()),
              dirs,
              new Container(name));
      case ProcessGroup.NotStarted notStarted ->
          UnitRun.finished(new UnitOutcome.SandboxUnavailable(notStarted.reason()));
    };
  }

  /**
   * Starts {@code service} as a long-running container named {@code name} with {@code ports}
   * published and returns at once; no wall clock, no output check: the caller stops it. A container
   * of the same name left by an earlier run is removed first. Throws {@link
   * IllegalArgumentException} if a directory would expose a protected path or cannot be bound, or
   * if ports are to be published from a container without a network.
   */
  public ServiceStart startService(
      ContainerUnit service, List<PublishedPort> ports, UnitDirs dirs, String name) {
    dirs.create();
    List<String> command =
        DockerCommand.service(config, service, ports, dirs, name, owner(dirs.work()));
    if (!Executables.exists(config.docker())) {
      return new ServiceStart.NotStarted(dockerMissing());
    }
    removeLeftover(name);
    return switch (ProcessGroup.start(command, "the docker CLI")) {
      case ProcessGroup.Started started ->
          new ServiceStart.Started(
              ServiceProcess.supervise(
                  started.process(),
                  dirs,
                  service.limits(),
                  (cli, grace) -> stopContainer(name, grace)));
      case ProcessGroup.NotStarted notStarted -> new ServiceStart.NotStarted(notStarted.reason());
    };
  }

  private String dockerMissing() {
    return "cannot run " + config.docker() + ": not found; install the Docker CLI";
  }

  /**
   * Removes the container {@code name} if the engine has one, running or not: what an agent that
   * stopped without stopping its containers left behind.
   */
  public void removeLeftover(String name) {
    CommandResult removed =
        commands.run(
            List.of(config.docker(), "rm", "--force", name), new byte[0], ENGINE_COMMAND_TIMEOUT);
    LOG.debug("docker rm --force {}: {}", name, removed);
  }

  /**
   * {@code docker stop} gives the container's main process SIGTERM and, after {@code grace}, the
   * engine kills it; it returns when the container has ended. Run whether or not the CLI still
   * runs, since the container may outlive it.
   */
  private void stopContainer(String name, Duration grace) {
    CommandResult stopped =
        commands.run(
            List.of(config.docker(), "stop", "--time", Long.toString(grace.toSeconds()), name),
            new byte[0],
            grace.plus(ENGINE_COMMAND_TIMEOUT));
    if (!(stopped instanceof CommandResult.Exited exited && exited.exitCode() == 0)) {
      // Normal when the container already ended and was removed; its CLI is killed anyway.
      LOG.debug("docker stop {}: {}", name, stopped);
    }
  }

  /** The container of one unit, stopped through the engine and then through its CLI. */
  private final class Container implements UnitRun.Kind {
    private final String name;

    Container(String name) {
      this.name = name;
    }

    @Override
    public void kill(Process process) {
      CommandResult killed =
          commands.run(List.of(config.docker(), "kill", name), new byte[0], ENGINE_COMMAND_TIMEOUT);
      if (!(killed instanceof CommandResult.Exited exited && exited.exitCode() == 0)) {
        // Normal when the container already ended or was never created; the CLI goes anyway.
        LOG.debug("docker kill {}: {}", name, killed);
      }
      ProcessTree.killGroup(process);
    }

    /**
     * {@code docker run} exits with 125 when the engine itself failed (no image, a bad option, no
     * engine) and the unit never started; 126 and 127 are the image's command failing to start,
     * which is the job's fault like any other exit status.
     */
    @Override
    public Optional<String> runtimeFailure(int exitCode, UnitDirs dirs) {
      if (exitCode != 125) {
        return Optional.empty();
      }
      try {
        List<String> lines;
        try (InputStream in =
            UnitTree.openFile(dirs.logs(), dirs.stderr().getFileName().toString())) {
          lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        String last = lines.isEmpty() ? "" : lines.getLast().strip();
        return Optional.of("docker run failed before the unit started: " + last);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + dirs.stderr(), e);
      }
    }
  }

  /** The owner of the unit's work directory, the agent itself, as {@code uid:gid}. */
  private static String owner(Path work) {
    try {
      return Files.getAttribute(work, "unix:uid") + ":" + Files.getAttribute(work, "unix:gid");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the owner of " + work, e);
    }
  }

  private static String lastLine(CommandResult.Exited exited) {
    String text = exited.stderr().isBlank() ? exited.stdout() : exited.stderr();
    List<String> lines = text.strip().lines().toList();
    return lines.isEmpty() ? "exit status " + exited.exitCode() : lines.getLast().strip();
  }
}
