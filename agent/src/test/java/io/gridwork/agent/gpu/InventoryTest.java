package io.gridwork.agent.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridwork.protocol.tx.GpuInventory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class InventoryTest {

  private static List<Gpu> real(String recording) {
    return ((NvidiaSmi.Parse.Parsed) NvidiaSmi.parse(Recordings.read(recording))).gpus();
  }

  @Test
  void identicalRealCardsFormOneGroup() {
    Inventory inventory = Inventory.of(real("a100-sxm4-80gb-x4.csv"));

    assertThat(inventory.groups())
        .containsExactly(new GpuInventory("NVIDIA A100-SXM4-80GB", 81920, 4));
    assertThat(inventory.attributes()).isEmpty();
    assertThat(inventory.simulated()).isFalse();
  }

  @Test
  void differentModelsFormSeparateGroupsInNameOrder() {
    List<Gpu> gpus = new ArrayList<>(real("rtx4090-x1.csv"));
    gpus.addAll(real("rtx3090-x2.csv"));

    Inventory inventory = Inventory.of(gpus);

    assertThat(inventory.groups())
        .containsExactly(
            new GpuInventory("NVIDIA GeForce RTX 3090", 24576, 2),
            new GpuInventory("NVIDIA GeForce RTX 4090", 24564, 1));
  }

  @Test
  void simulatedCardsCarryTheSimulatedAttribute() {
    Inventory inventory = Inventory.of(SimulatedGpus.parse("rtx4090:2,a100-80gb:1"));

    assertThat(inventory.attributes()).isEqualTo(Map.of("simulated", "true"));
    assertThat(inventory.groups())
        .containsExactly(
            new GpuInventory("NVIDIA A100-SXM4-80GB", 81920, 1),
            new GpuInventory("NVIDIA GeForce RTX 4090", 24564, 2));
  }

  @Test
  void simulatedAndRealCardsCannotBeOfferedTogether() {
    List<GpuDevice> mixed = new ArrayList<>(real("rtx4090-x1.csv"));
    mixed.addAll(SimulatedGpus.parse("rtx4090:1"));

    assertThatThrownBy(() -> Inventory.of(mixed))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("simulated and real");
  }

  @Test
  void simulatedCardsCannotBeDescribedWithoutTheSimulatedAttribute() {
    List<SimulatedGpu> gpus = SimulatedGpus.parse("rtx4090:1");
    List<GpuInventory> groups = List.of(new GpuInventory("NVIDIA GeForce RTX 4090", 24564, 1));

    assertThatThrownBy(() -> new Inventory(List.copyOf(gpus), groups, new TreeMap<>()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("simulated=true");
  }

  @Test
  void powerLimitOfAModelComesFromItsCards() {
    Inventory inventory = Inventory.of(real("h100-sxm-x8.csv"));

    assertThat(inventory.powerLimitMilliwatts("NVIDIA H100 80GB HBM3")).hasValue(700_000);
    assertThat(inventory.powerLimitMilliwatts("Tesla T4")).isEmpty();
  }

  @Test
  void cpuOnlyMachineOffersNoGroups() {
    assertThat(Inventory.cpuOnly().groups()).isEmpty();
  }
}
