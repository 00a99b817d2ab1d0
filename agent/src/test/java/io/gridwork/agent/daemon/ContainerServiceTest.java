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
import java.io.IOException;
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
                List.of("perl", "-e", LineServer.SCRIPT),
                List.of(Integer.toString(port)),
                new TreeMap<>()))
        .network()
        .expose(port, global)
        .build();
  }

  private static String containerName(LeaseInfo lease) {
    return "gridwork-svc-" + lease.id().toHex().substring(0, 8);
  }

  @Test
  void aContainerServiceIsPulledRunLiveAndHeartbeated() throws IOException {
    FakeDocker docker = FakeDocker.installIn(net.dir("docker-live"));
    Agent agent = net.startAgent(net.dir("live"), PROVIDERS.get(0), settings("live", docker));
    int port = LineServer.freePort();

    LeaseInfo lease = net.awaitLease(net.postJob(service("live", port, false)));
    TestNetwork.awaitLive(agent, lease.id());

    assertThat(LineServer.answer(port)).isEqualTo("serving");
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
    int port = LineServer.freePort();

    LeaseInfo lease = net.awaitLease(net.postJob(service("global", port, true)));
    TestNetwork.awaitLive(agent, lease.id());

    assertThat(docker.calls("run").getLast())
        .containsSequence("--publish", port + ":" + port)
        .doesNotContain("127.0.0.1:" + port + ":" + port);
  }

  @Test
  void aContainerServiceWhoseProcessIsKilledIsRestartedAndLiveAgain() throws IOException {
    FakeDocker docker = FakeDocker.installIn(net.dir("docker-restart"));
    Agent agent = net.startAgent(net.dir("restart"), PROVIDERS.get(2), settings("restart", docker));
    int port = LineServer.freePort();
    LeaseInfo lease = net.awaitLease(net.postJob(service("restart", port, false)));
    TestNetwork.awaitLive(agent, lease.id());

    LineServer.processes(port).forEach(ProcessHandle::destroyForcibly);

    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> agent.services().get(lease.id()).restarts() == 1);
    TestNetwork.awaitLive(agent, lease.id());
    assertThat(agent.services().get(lease.id()).lastProblem()).contains("exited");
    assertThat(docker.calls("run")).hasSize(2);
    assertThat(LineServer.answer(port)).isEqualTo("serving");
  }

  @Test
  void aContainerServiceClosedByItsBuyerIsStoppedThroughTheEngine() throws IOException {
    FakeDocker docker = FakeDocker.installIn(net.dir("docker-close"));
    Agent agent = net.startAgent(net.dir("close"), PROVIDERS.get(3), settings("close", docker));
    int port = LineServer.freePort();
    Hash jobId = net.postJob(service("close", port, false));
    LeaseInfo lease = net.awaitLease(jobId);
    TestNetwork.awaitLive(agent, lease.id());

    net.commit(net.txs.closeJob(BUYER, jobId));

    await().atMost(TIMEOUT).until(() -> !agent.services().containsKey(lease.id()));
    assertThat(docker.calls("stop"))
        .contains(List.of("stop", "--time", "10", containerName(lease)));
    assertThat(LineServer.processes(port)).isEmpty();
    assertThat(HostPorts.unavailable(port)).isEmpty();
  }

  @Test
  void aContainerServiceWhoseImageCannotBePulledGivesTheLeaseUp() throws IOException {
    FakeDocker docker = FakeDocker.installIn(net.dir("docker-pull"));
    docker.pullsSucceed(false);
    Agent agent = net.startAgent(net.dir("pull"), PROVIDERS.get(4), settings("pull", docker));

    Hash jobId = net.postJob(service("pull", LineServer.freePort(), false));

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
    int port = LineServer.freePort();
    LeaseInfo lease = net.awaitLease(net.postJob(service("resume", port, false)));
    TestNetwork.awaitLive(first, lease.id());

    first.close();
    assertThat(LineServer.processes(port)).isEmpty();
    Agent second = net.startAgent(home, PROVIDERS.get(5), settings("resume", docker));

    TestNetwork.awaitLive(second, lease.id());
    assertThat(LineServer.answer(port)).isEqualTo("serving");
    assertThat(docker.calls("rm")).contains(List.of("rm", "--force", containerName(lease)));
  }
}
