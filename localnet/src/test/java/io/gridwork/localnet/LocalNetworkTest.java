package io.gridwork.localnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridwork.api.BlockEvent;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.tx.Transaction;
import io.gridwork.protocol.tx.Transfer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalNetworkTest {
  private static final KeyPair ALICE = KeyPair.fromLabel("localnet/alice");
  private static final KeyPair BOB = KeyPair.fromLabel("localnet/bob");
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static LocalNetwork.Builder network(Path dir) {
    return LocalNetwork.builder(dir)
        .chainId("gridwork-localnet-test")
        .genesisTime(1_700_000_000_000L)
        .fund(List.of(ALICE, BOB), 5_000_000)
        .blockIntervalMillis(50)
        .verifyThreads(1);
  }

  @Test
  void fundedAccountsHoldTheirGenesisBalance(@TempDir Path dir) {
    try (LocalNetwork net = network(dir).start()) {
      assertThat(net.client().account(ALICE.address()).orElseThrow().balance())
          .isEqualTo(5_000_000);
      assertThat(net.client().account(BOB.address()).orElseThrow().balance()).isEqualTo(5_000_000);
    }
  }

  @Test
  void providersGetTheNodeUrlAndStopInTheOrderTheyStartedBeforeTheNode(@TempDir Path dir)
      throws Exception {
    List<String> log = new ArrayList<>();
    LocalNetwork net = network(dir).start();
    for (KeyPair key : List.of(ALICE, BOB)) {
      net.startProvider(
          (url, k, home) -> {
            assertThat(url).isEqualTo(net.url());
            assertThat(home).isEqualTo(dir.resolve("p"));
            return () -> log.add(k.address() + " stopped, node answers " + answers(url));
          },
          key,
          dir.resolve("p"));
    }

    net.close();

    assertThat(log)
        .containsExactly(
            ALICE.address() + " stopped, node answers true",
            BOB.address() + " stopped, node answers true");
    assertThat(answers(net.url())).isFalse();
  }

  @Test
  void aCommittedTransferIsSeenByAFollowerAndSurvivesARestart(@TempDir Path dir) {
    List<BlockEvent> blocks = new CopyOnWriteArrayList<>();
    try (LocalNetwork net = network(dir).start()) {
      net.follow(1, blocks::add);
      long fee = net.client().params().minFee();
      Transaction send =
          new Transaction(
              net.chainId(), ALICE.publicKey(), 0, fee, new Transfer(BOB.address(), 1_000));

      long height = net.commit(send.sign(ALICE), TIMEOUT).commit().height();
      net.restartNode();

      assertThat(net.client().account(BOB.address()).orElseThrow().balance()).isEqualTo(5_001_000);
      assertThat(net.client().status().height()).isGreaterThanOrEqualTo(height);
    }
  }

  @Test
  void aRejectedTransactionFailsTheCommitWithItsCode(@TempDir Path dir) {
    try (LocalNetwork net = network(dir).start()) {
      long fee = net.client().params().minFee();
      Transaction tooMuch =
          new Transaction(
              net.chainId(), ALICE.publicKey(), 0, fee, new Transfer(BOB.address(), 50_000_000));

      assertThatThrownBy(() -> net.commit(tooMuch.sign(ALICE), TIMEOUT))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("INSUFFICIENT");
    }
  }

  private static boolean answers(String url) {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
                  HttpRequest.newBuilder(URI.create(url + "/v1/status"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (Exception e) {
      return false;
    }
  }
}
