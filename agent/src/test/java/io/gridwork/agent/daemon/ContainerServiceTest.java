package io.gridwork.agent.daemon;

import static io.gridwork.agent.daemon.TestNetwork.BUYER;
import static io.gridwork.agent.daemon.TestNetwork.GRID;
import static io.gridwork.agent.daemon.TestNetwork.PROVIDERS;
import static io.gridwork.agent.daemon.TestNetwork.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gridwork.agent.runtime.FakeDocker;
import io.gridwork.agent.service.HostPorts;
import io.gridwork.api.LeaseInfo;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.spec.ContainerWorkload;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.testkit.JobSpecBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Container-image services run by a real agent against a real node, with the fake docker CLI of the
 * test resources as the agent's {@code docker}: this machine has no Docker engine, so the fake runs
 * the container's command (a small perl TCP server) on the host, where it listens on the port the
 * real engine would publish. Heartbeats are due every 5 blocks of 100 ms.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ContainerServiceTest {
  private static final String IMAGE = "registry.example/endpoint:2.0";

  /** Answers every connection with one line, until killed. */
  private static final String SERVER =
      "use IO::Socket::INET; my $s = IO::Socket::INET->new(LocalPort => $ARGV[0], Listen => 8,"
          + " ReuseAddr => 1) or die \"cannot listen: $!\"; while (my $c = $s->accept) { print $c"
          + " \"serving\\n\"; close $c }";

  @RegisterExtension
  static final TestNetwork net = TestNetwork.unsandboxed(TestNetwork.heartbeats(5, 15, 100), 0);

  @BeforeAll
  static void startNode() {
    assumeTrue(TestNetwork.onPath("perl"), "perl is not installed: no service to run");
  }

  private static Map<String, Object> settings(String pool, FakeDocker docker) {
    Map<String, Object> settings = TestNetwork.with(net.settings(pool), "docker", docker.program());
    settings = TestNetwork.with(settings, "containerProbeSeconds", 1);
    return TestNetwork.with(settings, "serviceProbeIntervalMillis", 200);
  }

  /** A container service for {@code pool} on one GPU serving {@code port}. */
  private static JobSpec service(String pool, int port, boolean global) {
    return JobSpecBuilder.service(GRID, 100 * GRID)
        .name("container-service-" + pool)
        .gpus(1)
        .allowSimulated()
        .attribute("pool", pool)
        .workload(
            new ContainerWorkload(
                IMAGE,
                List.of("perl", "-e", SERVER),
                List.of(Integer.toString(port)),
                new TreeMap<>()))
        .network()
        .expose(port, global)
        .build();
  }

  private static Hash submit(JobSpec spec) {
    Hash jobId = net.txs.nextJobId(BUYER);
    net.commit(net.txs.createJob(BUYER, spec));
    return jobId;
  }

  private static LeaseInfo awaitLease(Hash jobId) {
    await().atMost(TIMEOUT).until(() -> !net.client.leases(jobId).isEmpty());
    return net.client.leases(jobId).getFirst();
  }

  private static void awaitState(Agent agent, Hash lease, String state) {
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                agent.services().containsKey(lease)
                    && agent.services().get(lease).state().equals(state));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String answer(int port) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
      return in.readLine();
    }
  }

  /** This JVM's descendants running the server on {@code port}: the container's command. */
  private static List<ProcessHandle> servers(int port) {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.endsWith("/perl")).orElse(false))
        .filter(p -> p.info().commandLine().map(c -> c.endsWith(" " + port)).orElse(false))
        .toList();
  }

  private static String containerName(LeaseInfo lease) {
    return "gridwork-svc-" + lease.id().toHex().substring(0, 8);
  }

  @Test
  void aContainerServiceIsPulledRunLiveAndHeartbeated() throws IOException {
    FakeDocker docker = FakeDocker.installIn(net.dir("docker-live"));
    Agent agent = net.startAgent(net.dir("live"), PROVIDERS.get(0), settings("live", docker));
    int port = freePort();

    LeaseInfo lease = awaitLease(submit(service("live", port, false)));
    awaitState(agent, lease.id(), "LIVE");

    assertThat(answer(port)).isEqualTo("serving");
    await()
        .atMost(TIMEOUT)
        .until(() -> net.client.lease(lease.id()).orElseThrow().heartbeats() >= 2);
    assertThat(docker.calls("pull")).contains(List.of("pull", IMAGE));
    assertThat(String.join(" ", docker.calls("run").getLast()))
        .contains("run --rm --name " + containerName(lease) + " --pull never --network bridge")
        .contains("--publish 127.0.0.1:" + port + ":" + port)
        .contains("--read-only")
        .contains("--cap-drop ALL")
        .contains("--entrypoint perl " + IMAGE);
  }

  @Test
  void aGlobalPortIsPublishedOnEveryInterface() throws IOException {
    FakeDocker docker = FakeDocker.installIn(net.dir("docker-global"));
    Agent agent = net.startAgent(net.dir("global"), PROVIDERS.get(1), settings("global", docker));
    int port = freePort();

    LeaseInfo lease = awaitLease(submit(service("global", port, true)));
    awaitState(agent, lease.id(), "LIVE");

    assertThat(docker.calls("run").getLast())
        .containsSequence("--publish", port + ":" + port)
        .doesNotContain("127.0.0.1:" + port + ":" + port);
  }

  @Test
  void aContainerServiceWhoseProcessIsKilledIsRestartedAndLiveAgain() throws IOException {
    FakeDocker docker = FakeDocker.installIn(net.dir("docker-restart"));
    Agent agent = net.startAgent(net.dir("restart"), PROVIDERS.get(2), settings("restart", docker));
    int port = freePort();
    LeaseInfo lease = awaitLease(submit(service("restart", port, false)));
    awaitState(agent, lease.id(), "LIVE");

    servers(port).forEach(ProcessHandle::destroyForcibly);

    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> agent.services().get(lease.id()).restarts() == 1);
    awaitState(agent, lease.id(), "LIVE");
    assertThat(agent.services().get(lease.id()).lastProblem()).contains("exited");
    assertThat(docker.calls("run")).hasSize(2);
    assertThat(answer(port)).isEqualTo("serving");
  }

  @Test
  void aContainerServiceClosedByItsBuyerIsStoppedThroughTheEngine() throws IOException {
    FakeDocker docker = FakeDocker.installIn(net.dir("docker-close"));
    Agent agent = net.startAgent(net.dir("close"), PROVIDERS.get(3), settings("close", docker));
    int port = freePort();
    Hash jobId = submit(service("close", port, false));
    LeaseInfo lease = awaitLease(jobId);
    awaitState(agent, lease.id(), "LIVE");

    net.commit(net.txs.closeJob(BUYER, jobId));

    await().atMost(TIMEOUT).until(() -> !agent.services().containsKey(lease.id()));
    assertThat(docker.calls("stop"))
        .contains(List.of("stop", "--time", "10", containerName(lease)));
    assertThat(servers(port)).isEmpty();
    assertThat(HostPorts.unavailable(port)).isEmpty();
  }

  @Test
  void aContainerServiceWhoseImageCannotBePulledGivesTheLeaseUp() throws IOException {
    FakeDocker docker = FakeDocker.installIn(net.dir("docker-pull"));
    docker.pullsSucceed(false);
    Agent agent = net.startAgent(net.dir("pull"), PROVIDERS.get(4), settings("pull", docker));

    Hash jobId = submit(service("pull", freePort(), false));

    await().atMost(TIMEOUT).until(() -> agent.snapshot().leasesGivenUp() == 1);
    await()
        .atMost(TIMEOUT)
        .until(() -> net.client.leases(jobId).stream().noneMatch(LeaseInfo::active));
    assertThat(docker.calls("pull")).contains(List.of("pull", IMAGE));
    assertThat(docker.calls("run")).isEmpty();
  }

  @Test
  void aRestartedAgentRunsTheContainerServiceItHoldsAgain() throws IOException {
    FakeDocker docker = FakeDocker.installIn(net.dir("docker-resume"));
    Path home = net.dir("resume");
    Agent first = net.startAgent(home, PROVIDERS.get(5), settings("resume", docker));
    int port = freePort();
    LeaseInfo lease = awaitLease(submit(service("resume", port, false)));
    awaitState(first, lease.id(), "LIVE");

    first.close();
    assertThat(servers(port)).isEmpty();
    Agent second = net.startAgent(home, PROVIDERS.get(5), settings("resume", docker));

    awaitState(second, lease.id(), "LIVE");
    assertThat(answer(port)).isEqualTo("serving");
    assertThat(docker.calls("rm")).contains(List.of("rm", "--force", containerName(lease)));
  }
}
