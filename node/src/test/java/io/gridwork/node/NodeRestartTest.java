package io.gridwork.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gridwork.api.AccountInfo;
import io.gridwork.api.NodeStatus;
import io.gridwork.client.GridworkClient;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.testkit.TestKeys;
import io.gridwork.testkit.TxFactory;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeRestartTest {
  @TempDir Path dataDir;

  private static GridworkClient clientOf(Node node) {
    return new GridworkClient("http://127.0.0.1:" + node.apiPort());
  }

  @Test
  void aRestartOnTheSameDirectoryKeepsHeightStateRootAndBalances() {
    KeyPair to = TestKeys.key("restart-receiver");
    NodeStatus before;
    AccountInfo balanceBefore;
    try (Node node = Node.start(TestChain.config(dataDir), TestChain.genesis())) {
      GridworkClient client = clientOf(node);
      SignedTransaction tx =
          new TxFactory(TestChain.CHAIN_ID).transfer(TestChain.user(0), to.address(), 7_000_000);
      client.submit(tx);
      client.awaitCommitted(tx.hash(), Duration.ofSeconds(20));
      before = client.status();
      balanceBefore = client.account(to.address()).orElseThrow();
    }

    try (Node node = Node.start(TestChain.config(dataDir), TestChain.genesis())) {
      GridworkClient client = clientOf(node);

      assertThat(client.status().height()).isGreaterThanOrEqualTo(before.height());
      assertThat(client.block(before.height()).orElseThrow().stateRoot())
          .isEqualTo(before.stateRoot());
      assertThat(client.account(to.address())).contains(balanceBefore);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> client.status().height() > before.height());
    }
  }

  @Test
  void aDirectoryOfAnotherGenesisIsRefused() {
    Node.start(TestChain.config(dataDir), TestChain.genesis()).close();

    assertThatThrownBy(() -> Node.start(TestChain.config(dataDir), TestChain.genesis("other-net")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("different genesis")
        .hasMessageContaining("new data directory");
  }
}
