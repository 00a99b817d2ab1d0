package io.gridwork.agent.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedGpusTest {

  @Test
  void specListsCardsWithRealisticNamesMemoryAndPower() {
    List<SimulatedGpu> gpus = SimulatedGpus.parse("rtx4090:2,a100-80gb:1");

    assertThat(gpus)
        .containsExactly(
            new SimulatedGpu(0, "NVIDIA GeForce RTX 4090", 24564, 450),
            new SimulatedGpu(1, "NVIDIA GeForce RTX 4090", 24564, 450),
            new SimulatedGpu(2, "NVIDIA A100-SXM4-80GB", 81920, 400));
  }

  @Test
  void simulatedCardsSayTheyAreSimulated() {
    SimulatedGpu gpu = SimulatedGpus.parse("h100-80gb:1").getFirst();

    assertThat(gpu.simulated()).isTrue();
    assertThat(gpu.uuid()).startsWith("SIM-").doesNotStartWith("GPU-");
    assertThat(gpu.powerLimitMilliwatts()).hasValue(700_000);
  }

  @Test
  void unknownModelIsRefusedListingTheKnownOnes() {
    assertThatThrownBy(() -> SimulatedGpus.parse("rtx5090:1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown model 'rtx5090'")
        .hasMessageContaining("a100-80gb, h100-80gb, rtx3090, rtx4090, t4");
  }

  @Test
  void missingCountIsRefused() {
    assertThatThrownBy(() -> SimulatedGpus.parse("rtx4090"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'rtx4090' is not model:count");
  }

  @Test
  void zeroCountIsRefused() {
    assertThatThrownBy(() -> SimulatedGpus.parse("t4:0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("count 0 is outside 1..64");
  }
}
