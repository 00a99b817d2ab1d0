package io.gridwork.protocol.market;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.protocol.spec.Placement;
import io.gridwork.protocol.spec.SlaTier;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PlacementMismatchTest {
  private static Placement placement(
      List<String> regions, SlaTier tier, Map<String, String> attributes, boolean simulated) {
    return new Placement(regions, tier, new TreeMap<>(attributes), simulated);
  }

  @Test
  void aProviderInsideEveryConstraintFits() {
    Placement p = placement(List.of("eu", "us"), SlaTier.STANDARD, Map.of("cuda", "12"), true);

    assertThat(
            PlacementMismatch.first(
                p,
                "eu",
                SlaTier.PREMIUM,
                Map.of("cuda", "12", PlacementMismatch.SIMULATED_ATTRIBUTE, "true")))
        .isEmpty();
  }

  @Test
  void aRegionOutsideTheListIsAMismatch() {
    Placement p = placement(List.of("eu"), null, Map.of(), false);

    assertThat(PlacementMismatch.first(p, "us", SlaTier.STANDARD, Map.of()))
        .contains(new PlacementMismatch.Region(List.of("eu"), "us"));
  }

  @Test
  void aLowerOrUnknownTierIsAMismatch() {
    Placement p = placement(List.of(), SlaTier.STANDARD, Map.of(), false);

    assertThat(PlacementMismatch.first(p, "eu", SlaTier.BEST_EFFORT, Map.of()))
        .contains(new PlacementMismatch.Tier(SlaTier.STANDARD, SlaTier.BEST_EFFORT));
    assertThat(PlacementMismatch.first(p, "eu", null, Map.of()))
        .contains(new PlacementMismatch.Tier(SlaTier.STANDARD, null));
  }

  @Test
  void aMissingOrDifferentAttributeIsAMismatchThatSaysWhatTheProviderHas() {
    Placement p = placement(List.of(), null, Map.of("cuda", "12"), false);

    assertThat(PlacementMismatch.first(p, "eu", SlaTier.STANDARD, Map.of()))
        .contains(new PlacementMismatch.Attribute("cuda", "12", null));
    assertThat(PlacementMismatch.first(p, "eu", SlaTier.STANDARD, Map.of("cuda", "11")))
        .contains(new PlacementMismatch.Attribute("cuda", "12", "11"));
  }

  @Test
  void simulatedGpusAreAMismatchUnlessTheJobAllowsThem() {
    Map<String, String> simulated = Map.of(PlacementMismatch.SIMULATED_ATTRIBUTE, "true");

    assertThat(
            PlacementMismatch.first(
                placement(List.of(), null, Map.of(), false), "eu", SlaTier.STANDARD, simulated))
        .contains(new PlacementMismatch.Simulated());
    assertThat(
            PlacementMismatch.first(
                placement(List.of(), null, Map.of(), true), "eu", SlaTier.STANDARD, simulated))
        .isEmpty();
  }

  @Test
  void theRegionIsCheckedBeforeTheTier() {
    Placement p = placement(List.of("eu"), SlaTier.PREMIUM, Map.of(), false);

    assertThat(PlacementMismatch.first(p, "us", SlaTier.BEST_EFFORT, Map.of()))
        .containsInstanceOf(PlacementMismatch.Region.class);
  }
}
