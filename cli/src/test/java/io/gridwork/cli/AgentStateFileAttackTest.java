package io.gridwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.genesis.Genesis;
import io.gridwork.chain.genesis.GenesisAccount;
import io.gridwork.chain.genesis.Params;
import io.gridwork.node.Node;
import io.gridwork.node.NodeConfig;
import io.gridwork.protocol.crypto.KeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
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
  private static Node node;
  private static String url;
  private final Cli cli = new Cli(Map.of("PASS", "test passphrase"));

  @BeforeAll
  static void startNode() {
    Genesis genesis =
        new Genesis(
            "agent-state-file",
            0,
            List.of(new GenesisAccount(PROVIDER.address(), 10_000_000_000L)),
            Params.defaults());
    node =
        Node.start(
            NodeConfig.defaults(dir.resolve("node")).withApiPort(0).withBlockIntervalMillis(100),
            genesis);
    url = "http://127.0.0.1:" + node.apiPort();
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  private Path homeWithKeyAndState(String name, String state) throws Exception {
    Path home = dir.resolve(name);
    Path seed = dir.resolve(name + ".seed");
    Files.writeString(seed, HexFormat.of().formatHex(PROVIDER.seed()));
    Cli.Result imported =
        cli.run(
            "key",
            "import",
            "provider",
            "--home",
            home.toString(),
            "--seed-hex-file",
            seed.toString(),
            "--passphrase-env",
            "PASS");
    assertThat(imported.exitCode()).as(imported.err()).isZero();
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
