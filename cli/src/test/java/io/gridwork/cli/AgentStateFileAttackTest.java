package io.gridwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.localnet.LocalNetwork;
import io.gridwork.protocol.crypto.KeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gridwork agent start} and {@code status} on a home whose state file is damaged end with
 * one line that names the file and the way out, not with a stack trace.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AgentStateFileAttackTest {
  private static final KeyPair PROVIDER = KeyPair.fromLabel("agent-state-file-provider");

  @TempDir static Path dir;
  private static LocalNetwork network;
  private static String url;
  private final Cli cli = new Cli(Map.of("PASS", "test passphrase"));

  @BeforeAll
  static void startNode() {
    network =
        LocalNetwork.builder(dir.resolve("node"))
            .chainId("agent-state-file")
            .genesisTime(0)
            .fund(PROVIDER.address(), 10_000_000_000L)
            .blockIntervalMillis(100)
            .start();
    url = network.url();
  }

  @AfterAll
  static void stopNode() {
    network.close();
  }

  private Path homeWithKeyAndState(String name, String state) throws Exception {
    Path home = dir.resolve(name);
    cli.importKey(home, "provider", PROVIDER);
    Files.createDirectories(home.resolve("agent"));
    Files.writeString(home.resolve("agent").resolve("state.json"), state);
    return home;
  }

  private Cli.Result agentStart(Path home) {
    return cli.run(
        "agent",
        "start",
        "--home",
        home.toString(),
        "--node",
        url,
        "--simulate-gpus",
        "rtx4090:1",
        "--passphrase-env",
        "PASS");
  }

  @Test
  void agentStartOnACorruptStateFileEndsWithOneLine() throws Exception {
    Path home = homeWithKeyAndState("truncated", "{\"address\": \"grid1qq");

    Cli.Result result = agentStart(home);

    assertThat(result.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(result.err().strip().lines()).hasSize(1);
    assertThat(result.err())
        .startsWith("error: the agent state " + home.toAbsolutePath().resolve("agent"))
        .contains("is corrupt")
        .contains("gridwork agent start --home " + home.toAbsolutePath() + " --reset-state");
  }

  @Test
  void agentStartOnAStateFileOfTheWrongShapeEndsWithOneLine() throws Exception {
    Path home = homeWithKeyAndState("wrong-shape", "[1, 2, 3]");

    Cli.Result result = agentStart(home);

    assertThat(result.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(result.err().strip().lines()).hasSize(1);
    assertThat(result.err()).contains("is corrupt").contains("--reset-state");
  }

  @Test
  void agentStatusOnACorruptStateFileEndsWithOneLine() throws Exception {
    Path home = homeWithKeyAndState("status", "not json at all");

    Cli.Result result = cli.run("agent", "status", "--home", home.toString(), "--node", url);

    assertThat(result.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(result.err().strip().lines()).hasSize(1);
    assertThat(result.err()).startsWith("error: the agent state").contains("is corrupt");
  }
}
