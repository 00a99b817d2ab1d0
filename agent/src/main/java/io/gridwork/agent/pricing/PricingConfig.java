package io.gridwork.agent.pricing;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A provider's pricing settings.
 *
 * @param pricePerGpuHour the asking price per GPU model name, in ugrid per GPU-hour
 * @param electricityPerKwh what the provider pays for electricity, in ugrid per kWh
 * @param marginBps the floor's markup over electricity in basis points; 12000 means +20%, and
 *     anything under 10000 would bid below cost, so it is refused
 * @param script an optional program that prices each order before the table does
 */
public record PricingConfig(
    SortedMap<String, Long> pricePerGpuHour,
    long electricityPerKwh,
    int marginBps,
    Optional<PriceScript> script) {

  /** The electricity cost itself: the floor never goes under it. */
  public static final int BREAK_EVEN_BPS = 10_000;

  public PricingConfig {
    pricePerGpuHour = Collections.unmodifiableSortedMap(new TreeMap<>(pricePerGpuHour));
    pricePerGpuHour.forEach(
        (model, price) -> {
          if (price <= 0) {
            throw new IllegalArgumentException(
                "the price for " + model + " must be positive, got " + price);
          }
        });
    if (electricityPerKwh < 0) {
      throw new IllegalArgumentException(
          "electricity price must not be negative, got " + electricityPerKwh);
    }
    if (marginBps < BREAK_EVEN_BPS) {
      throw new IllegalArgumentException(
          "margin "
              + marginBps
              + " bps would bid below the electricity cost; use at least "
              + BREAK_EVEN_BPS
              + " (break-even)");
    }
    Objects.requireNonNull(script, "script");
  }

  public PricingConfig(Map<String, Long> pricePerGpuHour, long electricityPerKwh, int marginBps) {
    this(new TreeMap<>(pricePerGpuHour), electricityPerKwh, marginBps, Optional.empty());
  }

  public PricingConfig withScript(PriceScript priceScript) {
    return new PricingConfig(
        pricePerGpuHour, electricityPerKwh, marginBps, Optional.of(priceScript));
  }
}
