package io.gridwork.agent.daemon;

import static io.gridwork.agent.daemon.TestNetwork.GRID;
import static io.gridwork.agent.daemon.TestNetwork.PROVIDERS;
import static io.gridwork.agent.daemon.TestNetwork.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridwork.agent.runtime.FakeDocker;
import io.gridwork.api.LeaseInfo;
import io.gridwork.api.UnitInfo;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.JobStatus;
import io.gridwork.protocol.spec.ContainerWorkload;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.spec.Limits;
import io.gridwork.testkit.JobSpecBuilder;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Container-image jobs through a real agent against a real node on loopback, with the fake docker
 * CLI of the test resources as the agent's {@code docker}: this machine has no Docker engine, so
 * the fake runs each container's command on the host. Bids, leases, uploads and payments are real.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ContainerJobTest {
  private static final String IMAGE = "registry.example/render:1.0";

  @RegisterExtension static final TestNetwork net = TestNetwork.unsandboxed();

  /** A batch job for {@code pool} whose units run {@code script} under the image's sh. */
  private static JobSpec containerJob(String pool, int units, String script) {
    return JobSpecBuilder.batch(units, GRID, units * GRID)
        .name("container-test-" + pool)
        .allowSimulated()
        .attribute("pool", pool)
        .workload(
            new ContainerWorkload(IMAGE, List.of("sh", "-c"), List.of(script), new TreeMap<>()))
        .outputs("out-${UNIT}.txt")
        .limits(new Limits(60, 1 << 20))
        .build();
  }

  private static Map<String, Object> settings(String pool, FakeDocker docker) {
    Map<String, Object> settings = TestNetwork.with(net.settings(pool), "docker", docker.program());
    return TestNetwork.with(settings, "containerProbeSeconds", 1);
  }

  private static void awaitSkip(Agent agent, Hash jobId, String reason) {
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                agent.snapshot().decisions().stream()
                    .anyMatch(d -> d.job().equals(jobId.toHex()) && d.reason().equals(reason)));
  }

  @Test
  void containerBatchJobIsBidOnRunAndPaid() throws IOException {
    FakeDocker docker = FakeDocker.installIn(net.dir("docker-paid"));
    net.startAgent(net.dir("paid"), PROVIDERS.get(0), settings("paid", docker));

    Hash jobId = net.postJob(containerJob("paid", 2, "echo unit-$UNIT > out-$UNIT.txt"));
    net.awaitStatus(jobId, JobStatus.DONE);

    for (UnitInfo unit : net.client.units(jobId)) {
      assertThat(net.download(jobId, unit.outputHash())).isEqualTo("unit-" + unit.unit() + "\n");
    }
    assertThat(net.client.leases(jobId)).allSatisfy(l -> assertThat(l.paid()).isPositive());
    assertThat(docker.calls("pull")).contains(List.of("pull", IMAGE));
    assertThat(docker.calls("run"))
        .hasSize(2)
        .allSatisfy(
            run ->
                assertThat(String.join(" ", run))
                    .contains("--network none")
                    .contains("--read-only")
                    .contains("--cap-drop ALL")
                    .doesNotContain("--gpus")
                    .doesNotContain(net.dir("paid") + ":"));
  }

  @Test
  void withoutAnEngineContainerJobsGetNoBid() {
    FakeDocker docker = FakeDocker.installIn(net.dir("docker-none"));
    docker.engineAnswers(false);
    Agent agent = net.startAgent(net.dir("none"), PROVIDERS.get(1), settings("none", docker));

    Hash jobId = net.postJob(containerJob("none", 1, "echo unit-$UNIT > out-$UNIT.txt"));

    awaitSkip(agent, jobId, "NO_CONTAINER_ENGINE");
    assertThat(net.client.bids(jobId)).isEmpty();
    assertThat(agent.snapshot().containerEngine().answers()).isFalse();
    assertThat(agent.snapshot().containerEngine().detail())
        .contains("Is the docker daemon running?");
  }

  @Test
  void anEngineThatStartsAfterTheAgentIsUsed() {
    FakeDocker docker = FakeDocker.installIn(net.dir("docker-later"));
    docker.engineAnswers(false);
    Agent agent = net.startAgent(net.dir("later"), PROVIDERS.get(2), settings("later", docker));

    docker.engineAnswers(true);
    await().atMost(TIMEOUT).until(() -> agent.snapshot().containerEngine().answers());
    Hash jobId = net.postJob(containerJob("later", 1, "echo unit-$UNIT > out-$UNIT.txt"));

    net.awaitStatus(jobId, JobStatus.DONE);
    assertThat(agent.snapshot().containerEngine().detail()).contains("28.2.2-fake");
  }

  @Test
  void anEngineThatStopsEndsBiddingOnContainerJobs() {
    FakeDocker docker = FakeDocker.installIn(net.dir("docker-stops"));
    Agent agent = net.startAgent(net.dir("stops"), PROVIDERS.get(3), settings("stops", docker));

    docker.engineAnswers(false);
    await().atMost(TIMEOUT).until(() -> !agent.snapshot().containerEngine().answers());
    Hash jobId = net.postJob(containerJob("stops", 1, "echo unit-$UNIT > out-$UNIT.txt"));

    awaitSkip(agent, jobId, "NO_CONTAINER_ENGINE");
    assertThat(net.client.bids(jobId)).isEmpty();
  }

  @Test
  void anImageThatCannotBePulledGivesTheLeaseUp() {
    FakeDocker docker = FakeDocker.installIn(net.dir("docker-pull"));
    docker.pullsSucceed(false);
    Agent agent = net.startAgent(net.dir("pull"), PROVIDERS.get(4), settings("pull", docker));

    Hash jobId = net.postJob(containerJob("pull", 1, "echo unit-$UNIT > out-$UNIT.txt"));

    await().atMost(TIMEOUT).until(() -> agent.snapshot().leasesGivenUp() == 1);
    await()
        .atMost(TIMEOUT)
        .until(() -> net.client.leases(jobId).stream().noneMatch(LeaseInfo::active));
    assertThat(docker.calls("pull")).contains(List.of("pull", IMAGE));
    assertThat(docker.calls("run")).isEmpty();
  }
}
