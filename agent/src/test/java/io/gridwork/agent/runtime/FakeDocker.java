package io.gridwork.agent.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The fake docker CLI of the test resources, copied into a directory of its own: it records every
 * call and answers {@code info}, {@code pull}, {@code run}, {@code kill}, {@code stop} and {@code
 * rm} without a Docker engine, which this machine lacks. See the script's header for what it does.
 */
public final class FakeDocker {
  private final Path dir;
  private final Path program;

  private FakeDocker(Path dir) {
    this.dir = dir;
    this.program = dir.resolve("docker");
  }

  /** Installs the fake as {@code <dir>/docker}. */
  public static FakeDocker installIn(Path dir) {
    FakeDocker fake = new FakeDocker(dir);
    try (InputStream script = FakeDocker.class.getResourceAsStream("/docker/fake-docker")) {
      if (script == null) {
        throw new IllegalStateException("the fake docker script is missing from the resources");
      }
      Files.createDirectories(dir);
      Files.copy(script, fake.program, StandardCopyOption.REPLACE_EXISTING);
      if (!fake.program.toFile().setExecutable(true)) {
        throw new IllegalStateException("cannot make " + fake.program + " executable");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot install the fake docker in " + dir, e);
    }
    return fake;
  }

  public String program() {
    return program.toString();
  }

  /** Every call so far, each as its arguments. */
  public List<List<String>> calls() {
    Path log = dir.resolve("argv.log");
    try {
      if (!Files.exists(log)) {
        return List.of();
      }
      return Files.readAllLines(log).stream().map(line -> List.of(line.split("\t", -1))).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + log, e);
    }
  }

  /** The calls whose first argument is {@code command}, e.g. {@code run}. */
  public List<List<String>> calls(String command) {
    return calls().stream().filter(c -> !c.isEmpty() && c.getFirst().equals(command)).toList();
  }

  /** Makes {@code docker info} fail as when no engine answers, or answer again. */
  public void engineAnswers(boolean answers) {
    toggle("info.fail", !answers);
  }

  /** Makes {@code docker pull} fail as for an image the registry does not have, or succeed. */
  public void pullsSucceed(boolean succeed) {
    toggle("pull.fail", !succeed);
  }

  private void toggle(String file, boolean present) {
    Path marker = dir.resolve(file);
    try {
      if (present) {
        Files.writeString(marker, "");
      } else {
        Files.deleteIfExists(marker);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot change " + marker, e);
    }
  }
}
