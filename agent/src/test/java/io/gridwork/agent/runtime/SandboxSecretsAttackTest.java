package io.gridwork.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A unit looks for the agent's secrets through {@code /proc}: the environment, command line and
 * open files of process 1 (bwrap) and of every process it can see. The agent is a separate JVM
 * holding a secret in each of those places.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SandboxSecretsAttackTest {
  private static final String SNOOP =
      "for p in /proc/[0-9]* /proc/self; do"
          + " cat $p/environ; echo; cat $p/cmdline; echo; ls -l $p/fd/ $p/map_files/; done"
          + " > /work/loot.txt 2>&1; true";

  @TempDir Path tmp;

  @Test
  void unitFindsNoneOfTheAgentsEnvironmentCommandLineOrOpenFiles() throws Exception {
    Path home = Files.createDirectories(tmp.resolve("agent-home"));
    Path unitDir = tmp.resolve("units/unit-1");
    Files.createDirectories(unitDir);
    String passphrase = "passphrase-" + UUID.randomUUID();
    String commandLineWord = "argument-" + UUID.randomUUID();

    Process agent =
        AgentProcess.start(
            home, unitDir, commandLineWord, SNOOP, Map.of("GRIDWORK_PASSPHRASE", passphrase));
    assertThat(agent.waitFor(90, TimeUnit.SECONDS)).isTrue();

    String log = Files.readString(unitDir.resolveSibling("agent-process.log"));
    assertThat(unitDir.resolve("outcome.txt")).as(log).exists();
    assertThat(Files.readString(unitDir.resolve("outcome.txt"))).startsWith("completed");
    String loot = Files.readString(unitDir.resolve("work/loot.txt"));
    assertThat(loot).contains("PATH=", "bwrap");
    assertThat(loot)
        .doesNotContain(passphrase, "GRIDWORK_PASSPHRASE", commandLineWord, home.toString());
  }
}
