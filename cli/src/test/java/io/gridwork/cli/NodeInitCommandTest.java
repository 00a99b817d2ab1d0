package io.gridwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.genesis.Genesis;
import io.gridwork.chain.genesis.GenesisJson;
import io.gridwork.node.NodeConfig;
import io.gridwork.protocol.crypto.KeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeInitCommandTest {
  @TempDir Path home;

  private final Cli cli = new Cli(Map.of("PASS", "pass phrase"));

  @Test
  void initWritesAConfigAndAGenesisTheNodeCanRead() throws Exception {
    String funded = KeyPair.fromLabel("init-test").address().toString();

    Cli.Result result =
        cli.run(
            "node",
            "init",
            "--home",
            home.toString(),
            "--chain-id",
            "test-chain",
            "--fund",
            funded + "=1000GRID");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("gridwork node start --home " + home);
    NodeConfig config = NodeConfig.load(home);
    assertThat(config.apiPort()).isEqualTo(NodeConfig.DEFAULT_API_PORT);
    assertThat(Files.readString(home.resolve("config.yaml"))).contains("#");
    Genesis genesis = GenesisJson.parse(Files.readString(home.resolve("genesis.json")));
    assertThat(genesis.chainId()).isEqualTo("test-chain");
    assertThat(genesis.accounts()).hasSize(1);
    assertThat(genesis.accounts().get(0).address().toString()).isEqualTo(funded);
    assertThat(genesis.accounts().get(0).balance()).isEqualTo(1_000_000_000L);
  }

  @Test
  void fundAcceptsTheNameOfAKeyInTheSameHome() throws Exception {
    cli.run("key", "new", "alice", "--home", home.toString(), "--passphrase-env", "PASS");
    String address =
        Json.MAPPER
            .readTree(
                cli.run("key", "show", "alice", "--home", home.toString(), "-o", "json").out())
            .get("address")
            .asText();

    Cli.Result result = cli.run("node", "init", "--home", home.toString(), "--fund", "alice=5GRID");

    assertThat(result.exitCode()).isZero();
    Genesis genesis = GenesisJson.parse(Files.readString(home.resolve("genesis.json")));
    assertThat(genesis.accounts().get(0).address().toString()).isEqualTo(address);
  }

  @Test
  void initRefusesToOverwriteAnInitializedHome() {
    cli.run("node", "init", "--home", home.toString());

    Cli.Result again = cli.run("node", "init", "--home", home.toString());

    assertThat(again.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(again.err()).contains("already initialized");
  }

  @Test
  void aFundAmountWithoutAUnitIsAUsageError() {
    String funded = KeyPair.fromLabel("init-test").address().toString();

    Cli.Result result =
        cli.run("node", "init", "--home", home.toString(), "--fund", funded + "=1000");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("no unit");
    assertThat(home.resolve("genesis.json")).doesNotExist();
  }

  @Test
  void anInvalidChainIdIsExplained() {
    Cli.Result result = cli.run("node", "init", "--home", home.toString(), "--chain-id", "Bad_Id");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("lowercase letters");
  }
}
