package io.gridwork.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridwork.api.BlockEvent;
import io.gridwork.api.NodeStatus;
import io.gridwork.api.TxStatus;
import io.gridwork.chain.genesis.GenesisJson;
import io.gridwork.client.GridworkClient;
import io.gridwork.client.GridworkClientException;
import io.gridwork.client.SubmitResult;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.testkit.TestKeys;
import io.gridwork.testkit.TxFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Kills a node process with SIGKILL while it commits blocks and checks that whatever the API
 * reported committed before the kill is still there, unchanged, after a restart, and that an event
 * subscription reconnecting across the kills sees every block exactly once.
 */
class KillNineTest {
  private static final int ROUNDS = 4;
  private static final List<KeyPair> SENDERS = TestChain.users().subList(0, 4);
  private static final int TXS_PER_SENDER_PER_BATCH = 5;
  private static final Address SINK = TestKeys.key("sink").address();

  @TempDir Path dataDir;
  @TempDir Path logDir;
  private AutoCloseable stream;

  @AfterEach
  void closeStream() throws Exception {
    if (stream != null) {
      stream.close();
    }
  }

  private record Committed(long height, int index, String code) {}

  @Test
  void whatTheApiReportedCommittedSurvivesSigkill() throws Exception {
    Files.writeString(
        dataDir.resolve(NodeConfig.GENESIS_FILE), GenesisJson.write(TestChain.genesis()));
    int port = freePort();
    GridworkClient client = new GridworkClient("http://127.0.0.1:" + port);
    Random random = new Random(20261121);
    Map<Hash, Committed> committed = new HashMap<>();
    Map<Long, Hash> rootsSeen = new TreeMap<>();
    long highestReported = 0;
    List<BlockEvent> streamed = new CopyOnWriteArrayList<>();
    stream = client.events(1, streamed::add);

    for (int round = 0; round < ROUNDS; round++) {
      Process node = startNode(port, round);
      try {
        awaitReady(client, node);
        verify(client, committed, rootsSeen, highestReported);
        long killAt =
            System.nanoTime() + Duration.ofMillis(1_000 + random.nextInt(1_500)).toNanos();
        TxFactory txs = factoryAtCommittedNonces(client);
        Set<Hash> outstanding = new LinkedHashSet<>();
        while (System.nanoTime() < killAt) {
          List<SignedTransaction> batch = new ArrayList<>();
          for (int i = 0; i < TXS_PER_SENDER_PER_BATCH * SENDERS.size(); i++) {
            KeyPair sender = SENDERS.get(i % SENDERS.size());
            batch.add(txs.transfer(sender, SINK, 1 + random.nextInt(1_000)));
          }
          List<SubmitResult> results = client.submitBatch(batch);
          for (SubmitResult r : results) {
            if (r.accepted()) {
              outstanding.add(r.hash());
            }
          }
          for (Hash h : List.copyOf(outstanding)) {
            TxStatus s = client.tx(h);
            if (s.committed()) {
              committed.put(
                  h, new Committed(s.commit().height(), s.commit().index(), s.commit().code()));
              highestReported = Math.max(highestReported, s.commit().height());
              outstanding.remove(h);
            }
          }
          NodeStatus status = client.status();
          rootsSeen.put(status.height(), status.stateRoot());
          highestReported = Math.max(highestReported, status.height());
        }
      } finally {
        node.destroyForcibly();
        node.waitFor();
      }
    }

    Process node = startNode(port, ROUNDS);
    try {
      awaitReady(client, node);
      verify(client, committed, rootsSeen, highestReported);
      assertThat(committed).hasSizeGreaterThan(ROUNDS * SENDERS.size());
      assertThat(rootsSeen).hasSizeGreaterThan(ROUNDS);
      LoggerFactory.getLogger(KillNineTest.class)
          .info(
              "{} kills: {} reported-committed txs and {} state roots survived, head {}",
              ROUNDS,
              committed.size(),
              rootsSeen.size(),
              client.status().height());
      long head = client.status().height();
      await().atMost(Duration.ofSeconds(20)).until(() -> streamed.size() >= head);
      for (int i = 0; i < streamed.size(); i++) {
        BlockEvent b = streamed.get(i);
        assertThat(b.height()).as("stream position %d", i).isEqualTo(i + 1);
        assertThat(b.hash()).isEqualTo(client.block(b.height()).orElseThrow().hash());
      }
    } finally {
      node.destroyForcibly();
      node.waitFor();
    }
  }

  private static void verify(
      GridworkClient client,
      Map<Hash, Committed> committed,
      Map<Long, Hash> rootsSeen,
      long highestReported) {
    assertThat(client.status().height()).isGreaterThanOrEqualTo(highestReported);
    committed.forEach(
        (hash, c) -> {
          TxStatus s = client.tx(hash);
          assertThat(s.committed()).as("tx %s", hash).isTrue();
          assertThat(new Committed(s.commit().height(), s.commit().index(), s.commit().code()))
              .isEqualTo(c);
        });
    rootsSeen.forEach(
        (height, root) ->
            assertThat(client.block(height).orElseThrow().stateRoot())
                .as("state root at height %d", height)
                .isEqualTo(root));
  }

  private static TxFactory factoryAtCommittedNonces(GridworkClient client) {
    TxFactory txs = new TxFactory(TestChain.CHAIN_ID);
    for (KeyPair sender : SENDERS) {
      txs.nonce(sender, client.account(sender.address()).orElseThrow().nonce());
    }
    return txs;
  }

  private Process startNode(int port, int round) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            NodeProcess.class.getName(),
            dataDir.toString(),
            Integer.toString(port),
            "50")
        .redirectErrorStream(true)
        .redirectOutput(logDir.resolve("node-" + round + ".log").toFile())
        .start();
  }

  private static void awaitReady(GridworkClient client, Process node) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .ignoreException(GridworkClientException.class)
        .until(
            () -> {
              assertThat(node.isAlive())
                  .as("node process exited with %s", node.isAlive() ? 0 : node.exitValue())
                  .isTrue();
              return client.status() != null;
            });
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
