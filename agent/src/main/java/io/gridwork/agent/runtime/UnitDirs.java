package io.gridwork.agent.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Host directories for one unit: {@code work} is bound writable at {@code /work}, {@code
 * checkpoint} writable at {@code /checkpoint}; {@code logs} receives the captured stdout and stderr
 * and is never visible inside the sandbox.
 */
public record UnitDirs(Path work, Path checkpoint, Path logs) {
  public UnitDirs {
    Objects.requireNonNull(work, "work");
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(logs, "logs");
  }

  /** {@code work/}, {@code checkpoint/} and {@code logs/} under one unit directory. */
  public static UnitDirs under(Path unitDir) {
    return new UnitDirs(
        unitDir.resolve("work"), unitDir.resolve("checkpoint"), unitDir.resolve("logs"));
  }

  /** Creates the three directories, as a run needs them before it starts. */
  public void create() {
    for (Path dir : List.of(work, checkpoint, logs)) {
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create " + dir, e);
      }
    }
  }

  public Path stdout() {
    return logs.resolve("stdout.log");
  }

  public Path stderr() {
    return logs.resolve("stderr.log");
  }

  /**
   * Where the agent keeps its copy of the unit's {@code index}-th declared output (counting from
   * 0), taken out of {@code work} once the unit ended; what it hashes and uploads.
   */
  public Path stagedOutput(int index) {
    return logs.resolve("outputs").resolve(Integer.toString(index));
  }
}
