package io.gridwork.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.gridwork.api.AccountInfo;
import io.gridwork.client.GridworkClient;
import io.gridwork.client.GridworkClientException;
import io.gridwork.localnet.LocalNetwork;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.testkit.TxFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
  private LocalNetwork network;
  private String url;
  private Path home;

  @BeforeEach
  void startNodeAndImportKey() throws Exception {
    // Blocks far apart, so a transaction waits in the mempool long enough to be lost on purpose.
    network =
        LocalNetwork.builder(dir.resolve("node"))
            .chainId("cli-restart")
            .genesisTime(0)
            .fund(SENDER.address(), 10_000_000_000L)
            .blockIntervalMillis(3_000)
            .start();
    url = network.url();
    home = dir.resolve("home");
    cli.importKey(home, "sender", SENDER);
  }

  @AfterEach
  void stopNode() {
    network.close();
  }

  /**
   * Restarts the node on the same data directory and port once an accepted transaction waits in its
   * mempool.
   */
  private void restartOnceATransactionWaits() {
    GridworkClient client = network.client();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> client.status().mempoolSize() > 0);
    // Long enough for the node's answer to the submission to reach the command, far shorter than
    // a block interval: what is lost is a transaction the command knows was accepted.
    await().pollDelay(Duration.ofMillis(300)).until(() -> true);
    network.restartNode();
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
