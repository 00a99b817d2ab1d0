package io.gridwork.agent.work;

import io.gridwork.agent.runtime.SandboxConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Prepares the tools directory every sandbox sees at {@link SandboxConfig#TOOLS_DIR}: the agent's
 * own jar and a {@code gridwork} script that runs it with the sandbox's JDK, so a job can say
 * {@code gridwork sample render ...} without shipping the program.
 */
final class GridworkLauncher {
  static final String JAR_VARIABLE = "GRIDWORK_JAR";
  static final String JAR_IN_SANDBOX = SandboxConfig.TOOLS_DIR + "/gridwork.jar";

  private GridworkLauncher() {}

  /**
   * Fills {@code dir} with {@code jar} (a hard link when the file system allows, else a copy) and
   * the launcher, and returns {@code dir}.
   */
  static Path prepare(Path dir, Path jar) {
    try {
      Files.createDirectories(dir);
      Path linked = dir.resolve("gridwork.jar");
      Files.deleteIfExists(linked);
      try {
        Files.createLink(linked, jar);
      } catch (IOException | UnsupportedOperationException e) {
        Files.copy(jar, linked);
      }
      Path launcher = dir.resolve("gridwork");
      Files.deleteIfExists(launcher);
      Files.writeString(
          launcher, "#!/bin/sh\nexec \"$JAVA_HOME/bin/java\" -jar " + JAR_IN_SANDBOX + " \"$@\"\n");
      Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("r-xr-xr-x"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the sandbox tools in " + dir, e);
    }
  }
}
