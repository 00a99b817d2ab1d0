package io.gridwork.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.client.GridworkClient;
import io.gridwork.client.SubmitResult;
import io.gridwork.node.HttpProbe;
import io.gridwork.node.Node;
import io.gridwork.node.TestChain;
import io.gridwork.testkit.TestKeys;
import io.gridwork.testkit.TxFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FullMempoolApiTest {
  @TempDir Path dataDir;

  @Test
  void aFullMempoolAnswers503WithMempoolFullUnlessTheFeeIsHigher() {
    // Blocks are an hour apart so nothing leaves the mempool during the test.
    try (Node node =
        Node.start(
            TestChain.config(dataDir).withMempoolMaxTxs(2).withBlockIntervalMillis(3_600_000),
            TestChain.genesis())) {
      GridworkClient client = new GridworkClient("http://127.0.0.1:" + node.apiPort());
      TxFactory txs = new TxFactory(TestChain.CHAIN_ID).withFee(2_000);
      client.submit(txs.transfer(TestChain.user(0), TestKeys.key("a").address(), 1));
      client.submit(txs.transfer(TestChain.user(1), TestKeys.key("a").address(), 1));

      HttpProbe.Answer full =
          new HttpProbe(node.apiPort())
              .post(
                  "/v1/txs",
                  "application/octet-stream",
                  txs.transfer(TestChain.user(2), TestKeys.key("a").address(), 1).encode());
      SubmitResult richer =
          client.submit(
              txs.withFee(5_000).transfer(TestChain.user(3), TestKeys.key("a").address(), 1));

      assertThat(full.status()).isEqualTo(503);
      assertThat(full.contentType()).startsWith("application/problem+json");
      assertThat(full.json().get("code").asText()).isEqualTo("MEMPOOL_FULL");
      assertThat(richer.accepted()).isTrue();
      assertThat(client.status().mempoolSize()).isEqualTo(2);
    }
  }
}
