package io.gridwork.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.gridwork.api.AccountInfo;
import io.gridwork.chain.genesis.Genesis;
import io.gridwork.chain.genesis.GenesisAccount;
import io.gridwork.chain.genesis.Params;
import io.gridwork.client.GridworkClient;
import io.gridwork.client.GridworkClientException;
import io.gridwork.node.Node;
import io.gridwork.node.NodeConfig;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.testkit.TxFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that restarts forgets the transactions waiting in its mempool. A user whose transaction
 * was lost so must neither be left waiting for it nor find the next command stuck behind it.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class NodeRestartNoncesAttackTest {
  private static final KeyPair SENDER = KeyPair.fromLabel("cli-restart-sender");

  @TempDir Path dir;
  private final Cli cli = new Cli(Map.of("PASS", "test passphrase"));
  private Genesis genesis;
  private NodeConfig config;
  private Node node;
  private String url;
  private Path home;

  @BeforeEach
  void startNodeAndImportKey() throws Exception {
    genesis =
        new Genesis(
            "cli-restart",
            0,
            List.of(new GenesisAccount(SENDER.address(), 10_000_000_000L)),
            Params.defaults());
    // Blocks far apart, so a transaction waits in the mempool long enough to be lost on purpose.
    NodeConfig first =
        NodeConfig.defaults(dir.resolve("node")).withApiPort(0).withBlockIntervalMillis(3_000);
    node = Node.start(first, genesis);
    config = first.withApiPort(node.apiPort());
    url = "http://127.0.0.1:" + node.apiPort();
    home = dir.resolve("home");
    Path seed = dir.resolve("sender.seed");
    Files.writeString(seed, HexFormat.of().formatHex(SENDER.seed()));
    Cli.Result imported =
        cli.run(
            "key",
            "import",
            "sender",
            "--home",
            home.toString(),
            "--seed-hex-file",
            seed.toString(),
            "--passphrase-env",
            "PASS");
    assertThat(imported.exitCode()).as(imported.err()).isZero();
  }

  @AfterEach
  void stopNode() {
    node.close();
  }

  /**
   * Restarts the node on the same data directory and port once an accepted transaction waits in its
   * mempool.
   */
  private void restartOnceATransactionWaits() {
    GridworkClient client = new GridworkClient(url);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> client.status().mempoolSize() > 0);
    // Long enough for the node's answer to the submission to reach the command, far shorter than
    // a block interval: what is lost is a transaction the command knows was accepted.
    await().pollDelay(Duration.ofMillis(300)).until(() -> true);
    node.close();
    node = Node.start(config, genesis);
  }

  private Cli.Result send(Address to, String amount, boolean wait) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "tx",
                "send",
                "--from",
                "sender",
                "--to",
                to.toString(),
                "--amount",
                amount,
                "--passphrase-env",
                "PASS",
                "--home",
                home.toString(),
                "--node",
                url));
    if (!wait) {
      args.add("--no-wait");
    }
    return cli.run(args.toArray(String[]::new));
  }

  private long balance(Address address) {
    return new GridworkClient(url).account(address).map(AccountInfo::balance).orElse(0L);
  }

  @Test
  void aCommandWaitingForATransactionTheNodeLostSendsItAgainAndSeesItCommit() throws Exception {
    Address to = KeyPair.fromLabel("cli-restart-waiting").address();
    CompletableFuture<Cli.Result> sending =
        CompletableFuture.supplyAsync(() -> send(to, "1GRID", true));

    restartOnceATransactionWaits();

    Cli.Result sent = sending.get(60, TimeUnit.SECONDS);
    assertThat(sent.exitCode()).as(sent.err()).isZero();
    assertThat(balance(to)).isEqualTo(1_000_000L);
  }

  @Test
  void waitingForALostTransactionWhoseNonceAnotherTookEndsWithAClearError() {
    Address to = KeyPair.fromLabel("cli-restart-taken").address();
    GridworkClient client = new GridworkClient(url);
    TxFactory txs = new TxFactory("cli-restart");
    SignedTransaction lost = txs.nonce(SENDER, 0).transfer(SENDER, to, 5);
    assertThat(client.submit(lost).accepted()).isTrue();
    restartOnceATransactionWaits();
    SignedTransaction other = txs.nonce(SENDER, 0).transfer(SENDER, to, 7);
    assertThat(client.submit(other).accepted()).isTrue();
    client.awaitCommitted(other.hash(), Duration.ofSeconds(30));

    GridworkClientException e =
        catchThrowableOfType(
            GridworkClientException.class,
            () -> client.awaitCommitted(lost, Duration.ofSeconds(30)));

    assertThat(e.code()).isEqualTo("NONCE_TOO_LOW");
    assertThat(e.getMessage())
        .contains("vanished from the node")
        .contains("cannot be sent again")
        .doesNotContain("\n");
    assertThat(balance(to)).isEqualTo(7);
  }

  @Test
  void theCommandAfterATransactionTheNodeLostIsNotStuckBehindIt() {
    Address to = KeyPair.fromLabel("cli-restart-next").address();
    Cli.Result lost = send(to, "1GRID", false);
    assertThat(lost.exitCode()).as(lost.err()).isZero();
    restartOnceATransactionWaits();

    Cli.Result next = send(to, "2GRID", true);

    assertThat(next.exitCode()).as(next.err()).isZero();
    assertThat(balance(to)).isEqualTo(2_000_000L);
    assertThat(new GridworkClient(url).account(SENDER.address()).orElseThrow().nonce())
        .isEqualTo(1);
  }
}
