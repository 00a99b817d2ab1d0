package io.gridwork.agent.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What every container unit of one agent shares: the {@code docker} program, the host paths no bind
 * mount may expose (the agent's home and key file) and how long an image pull may take.
 *
 * @param docker the docker CLI, a name looked up on {@code PATH} or a path
 * @param protectedPaths host paths no bind may expose
 * @param pullTimeout how long {@code docker pull} may take before the lease is given up
 */
public record ContainerConfig(String docker, List<Path> protectedPaths, Duration pullTimeout) {
  /** Images of GPU jobs run to gigabytes; a slow registry link needs minutes for them. */
  public static final Duration DEFAULT_PULL_TIMEOUT = Duration.ofMinutes(15);

  public ContainerConfig {
    if (docker.isBlank()) {
      throw new IllegalArgumentException("the docker program must be named");
    }
    protectedPaths = protectedPaths.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    Objects.requireNonNull(pullTimeout, "pullTimeout");
  }

  /** {@code docker} as given, the agent's home kept out, the default pull time limit. */
  public static ContainerConfig forAgent(String docker, Path agentHome) {
    return new ContainerConfig(docker, List.of(agentHome), DEFAULT_PULL_TIMEOUT);
  }

  /** Throws if binding {@code source} would make a protected path visible in the container. */
  void requireHidden(Path source) {
    SandboxConfig.requireHidden(source.toAbsolutePath().normalize(), protectedPaths);
  }
}
