package io.gridwork.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridwork.client.GridworkClient;
import io.gridwork.client.SubmitResult;
import io.gridwork.node.HttpProbe;
import io.gridwork.node.Node;
import io.gridwork.node.NodeConfig;
import io.gridwork.node.TestChain;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.testkit.TestKeys;
import io.gridwork.testkit.TxFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Accounts that fill the mempool with transactions behind a nonce gap, which cost nothing. */
class MempoolSquattingAttackTest {
  private static final int POOL = 100;
  private final TxFactory txs = new TxFactory(TestChain.CHAIN_ID);
  @TempDir Path dataDir;

  /** Each of five attackers queues {@code perAccount} transfers from nonce 1 on, leaving 0 out. */
  private List<SignedTransaction> gappedHeartbeats(int perAccount) {
    List<SignedTransaction> out = new ArrayList<>();
    for (int a = 0; a < 5; a++) {
      KeyPair attacker = TestChain.user(10 + a);
      txs.nonce(attacker, 1);
      for (int i = 0; i < perAccount; i++) {
        out.add(txs.transfer(attacker, TestKeys.key("sink").address(), 1));
      }
    }
    return out;
  }

  private Node start(NodeConfig config) {
    return Node.start(config, TestChain.genesis());
  }

  @Test
  void aMempoolFullOfGappedTransactionsStillTakesAMinimumFeeTransactionThatCanRun() {
    // Blocks are an hour apart: nothing leaves the mempool but what admission pushes out.
    try (Node node =
        start(
            TestChain.config(dataDir).withMempoolMaxTxs(POOL).withBlockIntervalMillis(3_600_000))) {
      GridworkClient client = new GridworkClient("http://127.0.0.1:" + node.apiPort());
      List<SubmitResult> squat = client.submitBatch(gappedHeartbeats(POOL / 5));

      SubmitResult honest =
          client.submit(txs.transfer(TestChain.user(0), TestKeys.key("sink").address(), 1));

      assertThat(squat).allMatch(SubmitResult::accepted);
      assertThat(honest.accepted()).as("%s", honest).isTrue();
      assertThat(client.status().mempoolSize()).isEqualTo(POOL);
    }
  }

  @Test
  void gappedTransactionsLeaveTheMempoolAfterTheConfiguredBlocks() {
    try (Node node =
        start(
            TestChain.config(dataDir)
                .withMempoolMaxTxs(POOL)
                .withBlockIntervalMillis(100)
                .withGapExpiryBlocks(3))) {
      GridworkClient client = new GridworkClient("http://127.0.0.1:" + node.apiPort());
      client.submitBatch(gappedHeartbeats(POOL / 5));

      await().atMost(Duration.ofSeconds(10)).until(() -> client.status().mempoolSize() == 0);
    }
  }

  @Test
  void oneAccountCannotQueueMoreThanItsPendingLimitAndIsToldWhy() {
    try (Node node =
        start(
            TestChain.config(dataDir)
                .withBlockIntervalMillis(3_600_000)
                .withMaxPendingPerAccount(10))) {
      KeyPair attacker = TestChain.user(10);
      txs.nonce(attacker, 1);
      List<SignedTransaction> queued = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        queued.add(txs.transfer(attacker, TestKeys.key("sink").address(), 1));
      }
      new GridworkClient("http://127.0.0.1:" + node.apiPort()).submitBatch(queued);

      HttpProbe.Answer eleventh =
          new HttpProbe(node.apiPort())
              .post(
                  "/v1/txs",
                  "application/octet-stream",
                  txs.transfer(attacker, TestKeys.key("sink").address(), 1).encode());

      assertThat(eleventh.status()).isEqualTo(429);
      assertThat(eleventh.contentType()).startsWith("application/problem+json");
      assertThat(eleventh.json().get("code").asText()).isEqualTo("TOO_MANY_PENDING");
      assertThat(eleventh.json().get("detail").asText()).contains("submit nonce 0 first");
    }
  }
}
