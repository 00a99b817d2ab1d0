package io.gridwork.protocol.market;

import io.gridwork.protocol.spec.Placement;
import io.gridwork.protocol.spec.SlaTier;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a provider's registration falls outside a job's placement. The ledger refuses a bid for it,
 * the agent skips the job and {@code job explain} counts the provider out, so the rule is stated
 * once, here, and each caller words the outcome for its own reader.
 */
public sealed interface PlacementMismatch {
  /** The provider attribute that marks simulated GPUs; jobs refuse them unless they allow them. */
  String SIMULATED_ATTRIBUTE = "simulated";

  /** The job runs only in {@code regions}; the provider is in {@code has}. */
  record Region(List<String> regions, String has) implements PlacementMismatch {}

  /**
   * The job needs {@code wanted} or better; the provider registered {@code has}, null when it is a
   * tier this build does not know.
   */
  record Tier(SlaTier wanted, SlaTier has) implements PlacementMismatch {}

  /** The job requires {@code key=wanted}; the provider has {@code has}, null when none. */
  record Attribute(String key, String wanted, String has) implements PlacementMismatch {}

  /** The provider's GPUs are simulated and the job does not allow that. */
  record Simulated() implements PlacementMismatch {}

  /**
   * The first mismatch in the order region, tier, required attributes, simulated GPUs; empty when
   * the provider fits. A null {@code tier} (one this build does not know) meets no tier a job asks.
   */
  static Optional<PlacementMismatch> first(
      Placement placement, String region, SlaTier tier, Map<String, String> attributes) {
    if (!placement.regions().isEmpty() && !placement.regions().contains(region)) {
      return Optional.of(new Region(placement.regions(), region));
    }
    if (placement.tier() != null && (tier == null || tier.compareTo(placement.tier()) < 0)) {
      return Optional.of(new Tier(placement.tier(), tier));
    }
    for (Map.Entry<String, String> required : placement.attributes().entrySet()) {
      String has = attributes.get(required.getKey());
      if (!required.getValue().equals(has)) {
        return Optional.of(new Attribute(required.getKey(), required.getValue(), has));
      }
    }
    if ("true".equals(attributes.get(SIMULATED_ATTRIBUTE)) && !placement.allowSimulated()) {
      return Optional.of(new Simulated());
    }
    return Optional.empty();
  }
}
