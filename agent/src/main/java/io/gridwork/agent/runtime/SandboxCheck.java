package io.gridwork.agent.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Tells whether this host can run sandboxed units, by running a trivial unit through the real
 * sandbox: that exercises bwrap, user namespaces, the binds and prlimit together.
 */
public final class SandboxCheck {
  private static final Duration LIMIT = Duration.ofSeconds(20);

  private final SandboxedRunner runner;

  public SandboxCheck(SandboxedRunner runner) {
    this.runner = runner;
  }

  /** The verdict, with warnings about limits this host cannot enforce. */
  public sealed interface Status {
    record Available(List<String> warnings) implements Status {
      public Available {
        warnings = List.copyOf(warnings);
      }
    }

    record Unavailable(String reason) implements Status {}
  }

  public Status run() throws InterruptedException {
    Path scratch = createScratch();
    try {
      UnitSpec probe =
          UnitSpec.of(0, List.of("true"), List.of())
              .withLimits(ResourceLimits.defaults().withWallClock(LIMIT));
      UnitOutcome outcome = runner.run(probe, UnitDirs.under(scratch));
      return switch (outcome) {
        case UnitOutcome.Completed completed -> new Status.Available(warnings(runner));
        case UnitOutcome.SandboxUnavailable unavailable ->
            new Status.Unavailable(unavailable.reason());
        default -> new Status.Unavailable("a trivial sandboxed unit " + outcome.describe());
      };
    } finally {
      deleteRecursively(scratch);
    }
  }

  private static List<String> warnings(SandboxedRunner runner) {
    List<String> warnings = new ArrayList<>();
    runner
        .withoutCgroups()
        .ifPresent(
            reason ->
                warnings.add(
                    "units get no cgroup of their own ("
                        + reason
                        + "): each is held by per-process rlimits and the size of its /tmp and"
                        + " /dev/shm only, and not to a share of the CPUs"));
    if (!runningAsRoot()) {
      warnings.add(
          "the agent does not run as root, so its sandboxes run as the agent's own user: the"
              + " process limit of each unit counts all of that user's processes, the agent's"
              + " threads included");
    }
    return warnings;
  }

  private static boolean runningAsRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the agent's own user id", e);
    }
  }

  private static Path createScratch() {
    try {
      return Files.createTempDirectory("gridwork-sandbox-check");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a scratch directory for the sandbox check", e);
    }
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the sandbox check's scratch " + root, e);
    }
  }
}
