package io.gridwork.agent.work;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.agent.daemon.AgentConfig;
import io.gridwork.agent.runtime.ContainerUnit;
import io.gridwork.agent.runtime.ResourceLimits;
import io.gridwork.protocol.spec.ContainerWorkload;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.spec.Limits;
import io.gridwork.testkit.JobSpecBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** How a service's resources become its limits, in the sandbox and in a container. */
class UnitSetupTest {
  private static final AgentConfig CONFIG =
      AgentConfig.parse(Path.of("/tmp/agent-home"), "", Map.of());

  /** A service asking for {@code cpuMillis} and {@code memoryMib}, running an image. */
  private static JobSpec service(long cpuMillis, long memoryMib) {
    return JobSpecBuilder.service(1_000_000, 10_000_000)
        .gpus(1)
        .workload(
            new ContainerWorkload("registry.example/llm:1", List.of(), List.of(), new TreeMap<>()))
        .cpuMillis(cpuMillis)
        .memoryMib(memoryMib)
        .network()
        .build();
  }

  @Test
  void aSandboxedServiceHasItsJobsMemoryInAllScratchSpaceIncluded() {
    ResourceLimits limits = UnitSetup.serviceLimits(service(1_000, 512), CONFIG);

    assertThat(limits.memoryBytes()).isEqualTo(512L << 20);
    assertThat(limits.scratchBytes()).isEqualTo(64L << 20);
    assertThat(limits.dataBytes()).isEqualTo(384L << 20);
    assertThat(limits.addressSpaceBytes())
        .isEqualTo(ResourceLimits.defaults().addressSpaceBytes() + (512L << 20));
  }

  @Test
  void aBatchUnitGetsItsJobsMemoryCpusDiskAndOutputLimit() {
    JobSpec spec =
        JobSpecBuilder.batch(1, 1_000, 10_000)
            .cpuMillis(2_500)
            .memoryMib(256)
            .diskMib(100)
            .limits(new Limits(600, 5L << 20))
            .build();

    ResourceLimits limits = UnitSetup.limits(spec, CONFIG);

    assertThat(limits.memoryBytes()).isEqualTo(256L << 20);
    assertThat(limits.scratchBytes()).isEqualTo(32L << 20);
    assertThat(limits.cpuMillis()).isEqualTo(2_500);
    assertThat(limits.cpuSeconds()).isEqualTo(600 * 3);
    assertThat(limits.fileSizeBytes()).isEqualTo(5L << 20);
    assertThat(limits.outputBytes()).isEqualTo(5L << 20);
    assertThat(limits.workBytes()).isEqualTo((5L << 20) + (100L << 20));
  }

  @Test
  void aContainerServiceGetsItsJobsCpuAndMemory() {
    JobSpec spec = service(4_000, 32_768);
    ContainerUnit service =
        UnitSetup.containerService(
            (ContainerWorkload) spec.workload(), spec, List.of(0), true, CONFIG);

    assertThat(service.cpuMillis()).isEqualTo(4_000);
    assertThat(service.memoryMib()).isEqualTo(32_768);
    assertThat(service.outputs()).isEmpty();
    assertThat(service.limits().wallClock()).isGreaterThan(Duration.ofDays(365));
  }
}
