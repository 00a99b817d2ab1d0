package io.gridwork.agent.daemon;

import static io.gridwork.agent.daemon.TestNetwork.PROVIDERS;
import static io.gridwork.agent.daemon.TestNetwork.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridwork.api.LeaseInfo;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.market.CloseReason;
import io.gridwork.protocol.market.JobStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node restarts while one of the agent's transactions waits in its mempool, which a restart
 * loses. The agent's later transactions carry nonces after the lost one; unless the agent notices,
 * they wait behind that gap for good, its heartbeats stop landing and its lease is closed for
 * silence with the unit's result never counted.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class NodeRestartAttackTest {
  /** Blocks of 400 ms, so a heartbeat waits long enough in the mempool to be lost on purpose. */
  private static final long BLOCK_MILLIS = 400;

  private static final long INTERVAL = 4;
  private static final long GRACE = 12;
  private static final long TIMEOUT_BLOCKS = 40;

  @TempDir Path tmp;

  @Test
  void heartbeatsAndResultsLandAgainWithoutHelpAfterTheNodeRestartsAndLosesItsMempool() {
    assertThat(TestNetwork.onPath("bwrap")).as("bwrap is needed to run the lease's unit").isTrue();
    try (TestNetwork net =
        new TestNetwork(
            tmp.resolve("node"),
            TestNetwork.heartbeats(INTERVAL, GRACE, TIMEOUT_BLOCKS),
            0,
            BLOCK_MILLIS)) {
      KeyPair provider = PROVIDERS.get(11);
      Agent agent = net.startAgent(tmp.resolve("home"), provider, net.settings("restart"));
      Hash jobId =
          net.postJob(TestNetwork.job("restart", 1, "sleep 20; echo done > out-$UNIT.txt"));
      LeaseInfo lease = net.awaitLease(jobId);
      await().atMost(TIMEOUT).until(() -> agent.runningLeases().contains(lease.id()));

      // Only the agent sends now: what waits in the mempool is one of its heartbeats.
      await()
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofMillis(5))
          .until(() -> net.client.status().mempoolSize() > 0);
      net.restartNode();
      long restartedAt = net.client.status().height();

      await()
          .atMost(TIMEOUT)
          .until(
              () -> net.client.lease(lease.id()).orElseThrow().lastHeartbeatHeight() > restartedAt);
      await()
          .atMost(TIMEOUT)
          .until(() -> net.client.job(jobId).orElseThrow().status() == JobStatus.DONE);
      LeaseInfo ended = net.client.lease(lease.id()).orElseThrow();
      assertThat(ended.unitsDone()).isEqualTo(1);
      assertThat(ended.closeReason()).isNotEqualTo(CloseReason.HEARTBEAT_TIMEOUT);
    }
  }
}
