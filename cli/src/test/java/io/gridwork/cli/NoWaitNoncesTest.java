package io.gridwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridwork.localnet.LocalNetwork;
import io.gridwork.protocol.crypto.KeyPair;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several {@code --no-wait} submissions from one account before a block is produced: each must take
 * the next free nonce instead of colliding with the one still pending.
 */
class NoWaitNoncesTest {
  private static final KeyPair SENDER = KeyPair.fromLabel("cli-no-wait-sender");

  @TempDir Path dir;

  @Test
  void transfersSentBackToBackWithoutWaitingAllCommit() throws Exception {
    // Blocks far apart, so all three submissions meet in the same mempool.
    try (LocalNetwork network =
        LocalNetwork.builder(dir.resolve("node"))
            .chainId("cli-no-wait")
            .genesisTime(0)
            .fund(SENDER.address(), 10_000_000_000L)
            .blockIntervalMillis(3_000)
            .start()) {
      String url = network.url();
      Path home = dir.resolve("home");
      Cli cli = new Cli(Map.of("PASS", "test passphrase"));
      cli.importKey(home, "sender", SENDER);
      String to = KeyPair.fromLabel("cli-no-wait-recipient").address().toString();

      for (int i = 0; i < 3; i++) {
        Cli.Result sent =
            cli.run(
                "tx",
                "send",
                "--from",
                "sender",
                "--to",
                to,
                "--amount",
                "1GRID",
                "--no-wait",
                "--passphrase-env",
                "PASS",
                "--home",
                home.toString(),
                "--node",
                url);
        assertThat(sent.exitCode()).as(sent.err()).isZero();
      }

      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                Cli.Result account = cli.run("query", "account", to, "-o", "json", "--node", url);
                JsonNode json = Json.MAPPER.readTree(account.out());
                assertThat(json.get("balance").asLong()).isEqualTo(3_000_000L);
              });
    }
  }
}
