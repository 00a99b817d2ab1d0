package io.gridwork.agent.daemon;

import static io.gridwork.agent.daemon.TestNetwork.BUYER;
import static io.gridwork.agent.daemon.TestNetwork.GRID;
import static io.gridwork.agent.daemon.TestNetwork.PROVIDERS;
import static io.gridwork.agent.daemon.TestNetwork.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gridwork.agent.service.HostPorts;
import io.gridwork.api.BlockInfo;
import io.gridwork.api.LeaseInfo;
import io.gridwork.api.TxStatus;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.testkit.JobSpecBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Service leases run by a real agent against a real node, in real bwrap sandboxes: a small perl TCP
 * server stands in for an inference endpoint. Heartbeats are due every 5 blocks of 100 ms; a lease
 * silent for 15 blocks is suspended, and closed after 100.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ServiceTest {
  @RegisterExtension
  static final TestNetwork net = TestNetwork.sandboxed(TestNetwork.heartbeats(5, 15, 100), 0);

  @BeforeAll
  static void startNode() {
    assumeTrue(TestNetwork.onPath("perl"), "perl is not installed: no service to run");
  }

  /** Agent settings for {@code pool} that check services every 200 ms. */
  private static Map<String, Object> settings(String pool) {
    return TestNetwork.with(net.settings(pool), "serviceProbeIntervalMillis", 200);
  }

  /** A service for {@code pool} on one GPU running {@code command}, exposing {@code ports}. */
  private static JobSpec service(String pool, List<String> command, int... ports) {
    return serviceBuilder(pool, command, ports).build();
  }

  private static JobSpecBuilder serviceBuilder(String pool, List<String> command, int... ports) {
    JobSpecBuilder builder =
        JobSpecBuilder.service(GRID, 100 * GRID)
            .name("service-test-" + pool)
            .gpus(1)
            .allowSimulated()
            .attribute("pool", pool)
            .command(command)
            .network();
    for (int port : ports) {
      builder.expose(port, true);
    }
    return builder;
  }

  @Test
  void aServiceBecomesLiveOnItsPortAndIsHeartbeated() throws IOException {
    KeyPair provider = PROVIDERS.get(0);
    Agent agent = net.startAgent(net.dir("live"), provider, settings("live"));
    int port = LineServer.freePort();

    LeaseInfo lease = net.awaitLease(net.postJob(service("live", LineServer.command(port), port)));
    TestNetwork.awaitLive(agent, lease.id());

    assertThat(LineServer.answer(port)).isEqualTo("serving");
    await()
        .atMost(TIMEOUT)
        .until(() -> net.client.lease(lease.id()).orElseThrow().heartbeats() >= 2);
    assertThat(net.client.lease(lease.id()).orElseThrow().paid()).isPositive();
  }

  @Test
  void aServiceWhoseProcessIsKilledIsRestartedAndLiveAgain() throws IOException {
    KeyPair provider = PROVIDERS.get(1);
    Agent agent = net.startAgent(net.dir("restart"), provider, settings("restart"));
    int port = LineServer.freePort();
    LeaseInfo lease =
        net.awaitLease(net.postJob(service("restart", LineServer.command(port), port)));
    TestNetwork.awaitLive(agent, lease.id());

    LineServer.processes(port).forEach(ProcessHandle::destroyForcibly);

    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> agent.services().get(lease.id()).restarts() == 1);
    TestNetwork.awaitLive(agent, lease.id());
    assertThat(agent.services().get(lease.id()).lastProblem()).contains("exited");
    assertThat(LineServer.answer(port)).isEqualTo("serving");
  }

  @Test
  void aServiceClosedByItsBuyerIsStoppedWithNothingLeftRunning() throws IOException {
    KeyPair provider = PROVIDERS.get(2);
    Agent agent = net.startAgent(net.dir("close"), provider, settings("close"));
    int port = LineServer.freePort();
    Hash jobId = net.postJob(service("close", LineServer.command(port), port));
    LeaseInfo lease = net.awaitLease(jobId);
    TestNetwork.awaitLive(agent, lease.id());
    assertThat(LineServer.processes(port)).isNotEmpty();

    net.commit(net.txs.closeJob(BUYER, jobId));

    await().atMost(TIMEOUT).until(() -> !agent.services().containsKey(lease.id()));
    assertThat(LineServer.processes(port)).isEmpty();
    assertThat(net.client.lease(lease.id()).orElseThrow().open()).isFalse();
    assertThat(HostPorts.unavailable(port)).isEmpty();
  }

  @Test
  void aRestartedAgentStartsTheServiceLeaseItHoldsAgain() throws IOException {
    KeyPair provider = PROVIDERS.get(4);
    Path home = net.dir("resume");
    Agent first = net.startAgent(home, provider, settings("resume"));
    int port = LineServer.freePort();
    LeaseInfo lease =
        net.awaitLease(net.postJob(service("resume", LineServer.command(port), port)));
    TestNetwork.awaitLive(first, lease.id());

    first.close();
    assertThat(LineServer.processes(port)).isEmpty();
    Agent second = net.startAgent(home, provider, settings("resume"));

    TestNetwork.awaitLive(second, lease.id());
    assertThat(LineServer.answer(port)).isEqualTo("serving");
  }

  @Test
  void aServiceThatExitsAtOnceIsRestartedAndNeverHeartbeated() {
    KeyPair provider = PROVIDERS.get(3);
    Agent agent = net.startAgent(net.dir("crash"), provider, settings("crash"));

    LeaseInfo lease = net.awaitLease(net.postJob(service("crash", List.of("sh", "-c", "exit 3"))));

    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                agent.services().containsKey(lease.id())
                    && agent.services().get(lease.id()).restarts() >= 2);
    assertThat(agent.services().get(lease.id()).lastProblem()).contains("exited with status 3");
    await().atMost(TIMEOUT).until(() -> !net.client.lease(lease.id()).orElseThrow().active());
    assertThat(heartbeats(provider.address(), lease.openedHeight())).isZero();
  }

  @Test
  void aServiceWritingMoreMemoryThanItsJobAsksForIsRestarted() {
    KeyPair provider = PROVIDERS.get(5);
    Agent agent = net.startAgent(net.dir("memory"), provider, settings("memory"));
    // 200 MiB written by a service whose job asks for 64 MiB.
    JobSpec small =
        serviceBuilder(
                "memory",
                List.of("perl", "-e", "my $n = $ARGV[0] * 1024 * 1024; my $x = 'a' x $n", "200"))
            .memoryMib(64)
            .build();

    LeaseInfo lease = net.awaitLease(net.postJob(small));

    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                agent.services().containsKey(lease.id())
                    && agent.services().get(lease.id()).restarts() >= 1);
    assertThat(agent.services().get(lease.id()).lastProblem())
        .contains("exited with status 1")
        .contains("Out of memory!");
  }

  /** Committed heartbeats {@code sender} sent from {@code fromHeight} on. */
  private static long heartbeats(Address sender, long fromHeight) {
    long head = net.client.status().height();
    long count = 0;
    for (long h = fromHeight; h <= head; h++) {
      BlockInfo block = net.client.block(h).orElseThrow();
      for (BlockInfo.Tx tx : block.txs()) {
        TxStatus status = net.client.tx(tx.hash());
        if (status.tx().sender().equals(sender) && status.tx().kind().equals("heartbeat")) {
          count++;
        }
      }
    }
    return count;
  }
}
