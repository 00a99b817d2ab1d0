package io.gridwork.protocol.spec;

import java.util.Optional;

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

  public static Optional<SlaTier> ofWireName(String name) {
    for (SlaTier tier : values()) {
      if (tier.wireName.equals(name)) {
        return Optional.of(tier);
      }
    }
    return Optional.empty();
  }
}
