package io.gridwork.agent.daemon;

import static io.gridwork.agent.daemon.TestNetwork.GRID;
import static io.gridwork.agent.daemon.TestNetwork.PROVIDERS;
import static io.gridwork.agent.daemon.TestNetwork.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridwork.agent.runtime.HostTargets;
import io.gridwork.api.LeaseInfo;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.JobStatus;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.spec.Limits;
import io.gridwork.testkit.JobSpecBuilder;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A buyer's job with {@code network: true}, run by a real agent against a real node, goes for what
 * the provider's host keeps private: the node's API on 127.0.0.1, the metadata address and a
 * private address of the host. Its services' exposed ports still answer from the host.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class NetworkedJobAttackTest {
  @RegisterExtension
  static final TestNetwork net = TestNetwork.sandboxed(TestNetwork.heartbeats(5, 15, 100), 0);

  static HostTargets targets;

  @BeforeAll
  static void startNode() throws Exception {
    targets = new HostTargets();
  }

  @AfterAll
  static void stopNode() {
    if (targets != null) {
      targets.close();
    }
  }

  /**
   * One unit that tries each of {@code addresses} on {@code port} and writes, line by line, what
   * answered or that it was blocked.
   */
  private static JobSpec probingJob(String pool, int port, List<String> addresses) {
    String script =
        "for a in "
            + String.join(" ", addresses)
            + "; do if timeout 10 bash -c \"exec 3<>/dev/tcp/$a/"
            + port
            + "\" 2>/dev/null; then echo \"$a reached\"; else echo \"$a blocked\"; fi; done"
            + " > out-$UNIT.txt";
    return JobSpecBuilder.batch(1, GRID, GRID)
        .name("network-attack-" + pool)
        .allowSimulated()
        .attribute("pool", pool)
        .command(List.of("bash", "-c", script))
        .outputs("out-${UNIT}.txt")
        .limits(new Limits(60, 1 << 20))
        .network()
        .build();
  }

  private static String output(Hash jobId) throws IOException {
    net.awaitStatus(jobId, JobStatus.DONE);
    return net.download(jobId, net.client.units(jobId).getFirst().outputHash());
  }

  @Test
  void aNetworkJobCannotReachTheNodeApiOnTheProvidersLoopback() throws IOException {
    net.startAgent(net.dir("api"), PROVIDERS.get(0), net.settings("api"));
    int apiPort = net.node().apiPort();

    Hash jobId = net.postJob(probingJob("api", apiPort, List.of("10.0.2.2", "127.0.0.1")));

    assertThat(output(jobId)).isEqualTo("10.0.2.2 blocked\n127.0.0.1 blocked\n");
  }

  @Test
  void aNetworkJobCannotReachTheMetadataAddressOrAPrivateAddressOfTheHost() throws IOException {
    net.startAgent(net.dir("private"), PROVIDERS.get(1), net.settings("private"));
    List<String> addresses = List.of(HostTargets.METADATA, HostTargets.PRIVATE.getFirst());
    for (String address : addresses) {
      assertThat(targets.answerFromHost(address)).isEqualTo("host");
    }

    Hash jobId = net.postJob(probingJob("private", targets.port, addresses));

    assertThat(output(jobId))
        .isEqualTo(addresses.getFirst() + " blocked\n" + addresses.getLast() + " blocked\n");
  }

  @Test
  void aNetworkJobReachesAnAddressBeyondTheHost() throws IOException {
    net.startAgent(net.dir("public"), PROVIDERS.get(2), net.settings("public"));

    Hash jobId = net.postJob(probingJob("public", targets.port, List.of(HostTargets.PUBLIC)));

    assertThat(output(jobId)).isEqualTo(HostTargets.PUBLIC + " reached\n");
  }

  /** A service exposing {@code port}, locally or globally, whose program runs {@code command}. */
  private static JobSpec service(String pool, List<String> command, int port, boolean global) {
    return JobSpecBuilder.service(GRID, 100 * GRID)
        .name("network-service-" + pool)
        .gpus(1)
        .allowSimulated()
        .attribute("pool", pool)
        .command(command)
        .network()
        .expose(port, global)
        .build();
  }

  private static Map<String, Object> serviceSettings(String pool) {
    return TestNetwork.with(net.settings(pool), "serviceProbeIntervalMillis", 200);
  }

  @Test
  void aNetworkServicesExposedPortAnswersFromTheHostAndPassesItsLivenessProbe() throws IOException {
    Agent agent = net.startAgent(net.dir("svc"), PROVIDERS.get(3), serviceSettings("svc"));
    int port = LineServer.freePort();

    LeaseInfo lease =
        net.awaitLease(net.postJob(service("svc", LineServer.command(port), port, false)));

    TestNetwork.awaitLive(agent, lease.id());
    assertThat(LineServer.answer(port)).isEqualTo("serving");
    await()
        .atMost(TIMEOUT)
        .until(() -> net.client.lease(lease.id()).orElseThrow().heartbeats() >= 1);
  }

  @Test
  void aServiceThatDoesNotListenBehindItsForwarderIsNeverLive() throws IOException {
    Agent agent =
        net.startAgent(
            net.dir("deaf"),
            PROVIDERS.get(4),
            TestNetwork.with(serviceSettings("deaf"), "serviceStartupSeconds", 1));
    int port = LineServer.freePort();

    LeaseInfo lease =
        net.awaitLease(net.postJob(service("deaf", List.of("sleep", "600"), port, true)));

    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                agent.services().containsKey(lease.id())
                    && agent.services().get(lease.id()).lastProblem().contains("nothing listens"));
    assertThat(agent.services().get(lease.id()).state()).isNotEqualTo("LIVE");
  }
}
