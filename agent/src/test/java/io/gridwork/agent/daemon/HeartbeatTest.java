package io.gridwork.agent.daemon;

import static io.gridwork.agent.daemon.TestNetwork.PROVIDERS;
import static io.gridwork.agent.daemon.TestNetwork.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridwork.api.BlockInfo;
import io.gridwork.api.LeaseInfo;
import io.gridwork.api.TxStatus;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Agents heartbeat at the cadence the chain's liveness parameters set, and bring back a lease the
 * ledger suspended while they were away. A real node on loopback with a heartbeat interval of 12
 * blocks (no agent default is 12), a grace of 30 and a timeout long enough to outlast the tests.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HeartbeatTest {
  private static final long INTERVAL = 12;

  @RegisterExtension
  static final TestNetwork net =
      TestNetwork.sandboxed(TestNetwork.heartbeats(INTERVAL, 30, 2_000), 0);

  private static LeaseInfo postLongJobAndAwaitLease(String pool) {
    Hash jobId = net.postJob(TestNetwork.job(pool, 1, "sleep 50; echo done > out-$UNIT.txt"));
    return net.awaitLease(jobId);
  }

  @Test
  void heartbeatsComeAtTheIntervalTheChainSets() {
    KeyPair provider = PROVIDERS.get(0);
    net.startAgent(net.dir("cadence"), provider, net.settings("cadence"));
    LeaseInfo lease = postLongJobAndAwaitLease("cadence");

    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> heartbeatHeights(provider.address(), lease.openedHeight()).size() >= 4);

    List<Long> heights = heartbeatHeights(provider.address(), lease.openedHeight());
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < heights.size(); i++) {
      gaps.add(heights.get(i) - heights.get(i - 1));
    }
    assertThat(gaps.stream().sorted().toList().get(gaps.size() / 2)).isEqualTo(INTERVAL);
    assertThat(net.client.lease(lease.id()).orElseThrow().active()).isTrue();
  }

  @Test
  void aLeaseSuspendedWhileItsAgentWasDownIsResumedWhenTheAgentReturns() {
    KeyPair provider = PROVIDERS.get(1);
    Path home = net.dir("return");
    Agent first = net.startAgent(home, provider, net.settings("return"));
    LeaseInfo lease = postLongJobAndAwaitLease("return");
    await().atMost(TIMEOUT).until(() -> first.runningLeases().contains(lease.id()));

    first.close();
    await().atMost(TIMEOUT).until(() -> net.client.lease(lease.id()).orElseThrow().suspended());
    Agent second = net.startAgent(home, provider, net.settings("return"));

    await().atMost(TIMEOUT).until(() -> net.client.lease(lease.id()).orElseThrow().active());
    assertThat(second.runningLeases()).contains(lease.id());
  }

  /** Heights of the committed heartbeats {@code sender} sent from {@code fromHeight} on. */
  private static List<Long> heartbeatHeights(Address sender, long fromHeight) {
    long head = net.client.status().height();
    List<Long> heights = new ArrayList<>();
    for (long h = fromHeight; h <= head; h++) {
      BlockInfo block = net.client.block(h).orElseThrow();
      for (BlockInfo.Tx tx : block.txs()) {
        TxStatus status = net.client.tx(tx.hash());
        if (status.tx().sender().equals(sender)
            && status.tx().kind().equals("heartbeat")
            && "OK".equals(tx.code())) {
          heights.add(h);
        }
      }
    }
    return heights;
  }
}
