package io.gridwork.agent.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What every unit's sandbox shares: the bwrap program, the JDK and other read-only paths to bind
 * (the gridwork jar), and the paths that must never be visible inside (the agent's home and key
 * file). A bind of a protected path or of any directory containing one is refused.
 *
 * @param bwrap the bubblewrap program, a name looked up on {@code PATH} or an absolute path
 * @param javaHome a JDK bound read-only at the same path, so {@code $JAVA_HOME/bin/java} works
 * @param extraReadOnly further host paths bound read-only at the same path
 * @param protectedPaths host paths no bind may expose
 * @param tools a host directory of programs for units, bound read-only at {@link #TOOLS_DIR}: a
 *     fixed place, because the host path of a tool could fall under {@code /work} and be hidden by
 *     the unit's own work directory
 */
public record SandboxConfig(
    String bwrap,
    Path javaHome,
    List<Path> extraReadOnly,
    List<Path> protectedPaths,
    Optional<Path> tools) {

  /** Where {@code tools} appears inside every sandbox. */
  public static final String TOOLS_DIR = "/opt/gridwork";

  public SandboxConfig {
    Objects.requireNonNull(bwrap, "bwrap");
    javaHome = absolute(javaHome);
    extraReadOnly = extraReadOnly.stream().map(SandboxConfig::absolute).toList();
    protectedPaths = protectedPaths.stream().map(SandboxConfig::absolute).toList();
    requireHidden(javaHome, protectedPaths);
    for (Path path : extraReadOnly) {
      requireHidden(path, protectedPaths);
    }
    tools = tools.map(SandboxConfig::absolute);
    if (tools.isPresent()) {
      requireHidden(tools.get(), protectedPaths);
    }
  }

  public SandboxConfig(
      String bwrap, Path javaHome, List<Path> extraReadOnly, List<Path> protectedPaths) {
    this(bwrap, javaHome, extraReadOnly, protectedPaths, Optional.empty());
  }

  /** bwrap from {@code PATH}, the JDK running this agent, and the agent's home kept out. */
  public static SandboxConfig forAgent(Path agentHome, List<Path> extraReadOnly) {
    return new SandboxConfig(
        "bwrap", Path.of(System.getProperty("java.home")), extraReadOnly, List.of(agentHome));
  }

  /** These settings with {@code dir} bound read-only at {@link #TOOLS_DIR}. */
  public SandboxConfig withTools(Path dir) {
    return new SandboxConfig(bwrap, javaHome, extraReadOnly, protectedPaths, Optional.of(dir));
  }

  /** Throws if binding {@code source} would make a protected path visible in the sandbox. */
  void requireHidden(Path source) {
    requireHidden(absolute(source), protectedPaths);
  }

  static void requireHidden(Path source, List<Path> protectedPaths) {
    for (Path secret : protectedPaths) {
      if (secret.startsWith(source)) {
        throw new IllegalArgumentException(
            "refusing to bind "
                + source
                + " into a sandbox: it would expose "
                + secret
                + ", which units must never see");
      }
    }
  }

  private static Path absolute(Path path) {
    return path.toAbsolutePath().normalize();
  }
}
