package io.gridwork.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.agent.runtime.ContainerUnit;
import io.gridwork.agent.runtime.ResourceLimits;
import io.gridwork.protocol.spec.ContainerWorkload;
import io.gridwork.protocol.spec.JobSpec;
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
  void aSandboxedServiceMayWriteAsMuchMemoryAsItsJobAsks() {
    ResourceLimits limits = UnitSetup.serviceLimits(service(1_000, 512), CONFIG);

    assertThat(limits.dataBytes()).isEqualTo(512L << 20);
    assertThat(limits.addressSpaceBytes())
        .isEqualTo(ResourceLimits.defaults().addressSpaceBytes() + (512L << 20));
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
