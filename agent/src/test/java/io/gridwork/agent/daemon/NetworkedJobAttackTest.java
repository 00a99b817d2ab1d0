package io.gridwork.agent.daemon;

import static io.gridwork.agent.daemon.TestNetwork.BUYER;
import static io.gridwork.agent.daemon.TestNetwork.GRID;
import static io.gridwork.agent.daemon.TestNetwork.PROVIDERS;
import static io.gridwork.agent.daemon.TestNetwork.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridwork.agent.runtime.HostTargets;
import io.gridwork.api.LeaseInfo;
import io.gridwork.api.UnitInfo;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.JobStatus;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.spec.Limits;
import io.gridwork.testkit.JobSpecBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
  /** Answers every connection with one line, until killed. */
  private static final String SERVER =
      "use IO::Socket::INET; my $s = IO::Socket::INET->new(LocalPort => $ARGV[0], Listen => 8,"
          + " ReuseAddr => 1) or die \"cannot listen: $!\"; while (my $c = $s->accept) { print $c"
          + " \"serving\\n\"; close $c }";

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

  private static Hash submit(JobSpec spec) {
    Hash jobId = net.txs.nextJobId(BUYER);
    net.commit(net.txs.createJob(BUYER, spec));
    return jobId;
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
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> net.client.job(jobId).orElseThrow().status() == JobStatus.DONE);
    UnitInfo unit = net.client.units(jobId).getFirst();
    Path target = Files.createTempFile(net.dir(), "out", ".txt");
    assertThat(net.client.downloadBlob(jobId, BUYER, unit.outputHash(), target)).isTrue();
    return Files.readString(target, StandardCharsets.UTF_8);
  }

  @Test
  void aNetworkJobCannotReachTheNodeApiOnTheProvidersLoopback() throws IOException {
    net.startAgent(net.dir("api"), PROVIDERS.get(0), net.settings("api"));
    int apiPort = net.node().apiPort();

    Hash jobId = submit(probingJob("api", apiPort, List.of("10.0.2.2", "127.0.0.1")));

    assertThat(output(jobId)).isEqualTo("10.0.2.2 blocked\n127.0.0.1 blocked\n");
  }

  @Test
  void aNetworkJobCannotReachTheMetadataAddressOrAPrivateAddressOfTheHost() throws IOException {
    net.startAgent(net.dir("private"), PROVIDERS.get(1), net.settings("private"));
    List<String> addresses = List.of(HostTargets.METADATA, HostTargets.PRIVATE.getFirst());
    for (String address : addresses) {
      assertThat(targets.answerFromHost(address)).isEqualTo("host");
    }

    Hash jobId = submit(probingJob("private", targets.port, addresses));

    assertThat(output(jobId))
        .isEqualTo(addresses.getFirst() + " blocked\n" + addresses.getLast() + " blocked\n");
  }

  @Test
  void aNetworkJobReachesAnAddressBeyondTheHost() throws IOException {
    net.startAgent(net.dir("public"), PROVIDERS.get(2), net.settings("public"));

    Hash jobId = submit(probingJob("public", targets.port, List.of(HostTargets.PUBLIC)));

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

  private static LeaseInfo awaitLease(Hash jobId) {
    await().atMost(TIMEOUT).until(() -> !net.client.leases(jobId).isEmpty());
    return net.client.leases(jobId).getFirst();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String answer(int port) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(5_000);
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }
  }

  @Test
  void aNetworkServicesExposedPortAnswersFromTheHostAndPassesItsLivenessProbe() throws IOException {
    Agent agent = net.startAgent(net.dir("svc"), PROVIDERS.get(3), serviceSettings("svc"));
    int port = freePort();

    LeaseInfo lease =
        awaitLease(
            submit(
                service(
                    "svc", List.of("perl", "-e", SERVER, Integer.toString(port)), port, false)));

    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                agent.services().containsKey(lease.id())
                    && agent.services().get(lease.id()).state().equals("LIVE"));
    assertThat(answer(port)).isEqualTo("serving");
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
    int port = freePort();

    LeaseInfo lease = awaitLease(submit(service("deaf", List.of("sleep", "600"), port, true)));

    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                agent.services().containsKey(lease.id())
                    && agent.services().get(lease.id()).lastProblem().contains("nothing listens"));
    assertThat(agent.services().get(lease.id()).state()).isNotEqualTo("LIVE");
  }
}
