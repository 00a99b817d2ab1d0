package io.gridwork.protocol.market;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.protocol.spec.GpuRequest;
import io.gridwork.protocol.tx.GpuInventory;
import java.util.List;
import org.junit.jupiter.api.Test;

class GpuModelsTest {
  private static final List<GpuInventory> GPUS =
      List.of(
          new GpuInventory("NVIDIA RTX 4090", 24_576, 2),
          new GpuInventory("nvidia-rtx_4090", 49_152, 1),
          new GpuInventory("A100", 81_920, 4));

  @Test
  void caseSpacesDashesAndUnderscoresDoNotMatter() {
    assertThat(GpuModels.sameModel("RTX 4090", "rtx-4090")).isTrue();
    assertThat(GpuModels.sameModel("RTX_4090", " rtx   4090 ")).isTrue();
  }

  @Test
  void differentNumbersAreDifferentModels() {
    assertThat(GpuModels.sameModel("RTX 4090", "RTX 4080")).isFalse();
  }

  @Test
  void aRequestNamingNoModelAcceptsAny() {
    assertThat(GpuModels.accepts(new GpuRequest(1, List.of(), 0), "anything")).isTrue();
    assertThat(GpuModels.accepts(new GpuRequest(1, List.of("a100"), 0), "RTX 4090")).isFalse();
  }

  @Test
  void eligibleCardsAddUpEverySpellingWithEnoughMemory() {
    assertThat(GpuModels.eligibleCount(GPUS, "NVIDIA RTX 4090", 0)).isEqualTo(3);
    assertThat(GpuModels.eligibleCount(GPUS, "NVIDIA RTX 4090", 32_768)).isEqualTo(1);
  }

  @Test
  void aModelIsOfferedWhateverItsMemory() {
    assertThat(GpuModels.offers(GPUS, "a100")).isTrue();
    assertThat(GpuModels.offers(GPUS, "H100")).isFalse();
  }
}
