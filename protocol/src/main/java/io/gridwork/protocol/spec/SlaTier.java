package io.gridwork.protocol.spec;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** How much a provider promises about uptime, and so how much SLA stake backs a lease. */
public enum SlaTier {
  // The declaration order is part of the canonical encoding of job specs: only append.
  BEST_EFFORT("best-effort"),
  STANDARD("standard"),
  PREMIUM("premium");

  private final String wireName;

  SlaTier(String wireName) {
    this.wireName = wireName;
  }

  /** The spelling used in YAML and provider registrations, e.g. {@code best-effort}. */
  public String wireName() {
    return wireName;
  }

  /** The tiers' wire names in order, e.g. {@code best-effort, standard, premium}. */
  public static String wireNames() {
    return Arrays.stream(values()).map(SlaTier::wireName).collect(Collectors.joining(", "));
  }

  /**
   * The tier named {@code name} in a config file or flag; an unknown name is refused with the names
   * allowed.
   */
  public static SlaTier parse(String name) {
    return ofWireName(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "tier must be one of " + wireNames() + ", got '" + name + "'"));
  }

  public static Optional<SlaTier> ofWireName(String name) {
    for (SlaTier tier : values()) {
      if (tier.wireName.equals(name)) {
        return Optional.of(tier);
      }
    }
    return Optional.empty();
  }
}
