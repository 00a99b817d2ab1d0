package io.gridwork.agent.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A separate JVM that runs one unit through a real {@link SandboxedRunner}, as the agent does, so a
 * test can give it an environment, a command line and open files of its own, or kill it with
 * SIGKILL. It writes the unit's outcome to {@code <unitDir>/outcome.txt}.
 *
 * <p>Arguments: the agent's home, the unit directory, a word to put on its own command line, the
 * unit's bash script.
 */
final class AgentProcess {
  private AgentProcess() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]);
    Path unitDir = Path.of(args[1]);
    Path openFile = home.resolve("open-" + args[2] + ".txt");
    try (OutputStream held = Files.newOutputStream(openFile)) {
      held.write(args[2].getBytes(StandardCharsets.UTF_8));
      UnitSpec spec =
          UnitSpec.of(1, List.of("bash", "-c", args[3]), List.of())
              .withLimits(ResourceLimits.defaults().withWallClock(Duration.ofMinutes(5)));
      SandboxedRunner runner = new SandboxedRunner(SandboxConfig.forAgent(home, List.of()));
      UnitOutcome outcome = runner.run(spec, UnitDirs.under(unitDir));
      Files.writeString(unitDir.resolve("outcome.txt"), outcome.describe());
    }
  }

  /** Starts the agent JVM with {@code extraEnv} added to this JVM's environment. */
  static Process start(
      Path home, Path unitDir, String commandLineWord, String script, Map<String, String> extraEnv)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), AgentProcess.class.getName()));
    command.addAll(List.of(home.toString(), unitDir.toString(), commandLineWord, script));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(unitDir.resolveSibling("agent-process.log").toFile());
    builder.environment().putAll(extraEnv);
    return builder.start();
  }
}
