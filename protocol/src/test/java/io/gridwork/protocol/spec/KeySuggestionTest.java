package io.gridwork.protocol.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeySuggestionTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "nmae, name",
    "unit, units",
    "Network, network",
    "workoad, workload",
    "ouputs, outputs",
    "determinstic, deterministic"
  })
  void aTypoIsMatchedToTheKeyItWasMeantToBe(String typo, String meant) {
    assertThat(KeySuggestion.closest(typo, JobSpecYaml.TOP_KEYS)).contains(meant);
  }

  @ParameterizedTest(name = "{0} suggests nothing")
  @CsvSource({"colour", "x", "gpu-model-list"})
  void aKeyFarFromEveryKnownOneSuggestsNothing(String key) {
    assertThat(KeySuggestion.closest(key, JobSpecYaml.TOP_KEYS)).isEmpty();
  }
}
