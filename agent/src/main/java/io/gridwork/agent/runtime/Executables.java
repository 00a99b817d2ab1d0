package io.gridwork.agent.runtime;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Finds a program the way exec does, so a missing one is reported before anything is started. */
final class Executables {
  private Executables() {}

  /** An absolute or relative path is checked as is; a bare name is looked up on {@code PATH}. */
  static boolean exists(String program) {
    if (program.contains(File.separator)) {
      return Files.isExecutable(Path.of(program));
    }
    String path = System.getenv().getOrDefault("PATH", "");
    return Arrays.stream(path.split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }
}
