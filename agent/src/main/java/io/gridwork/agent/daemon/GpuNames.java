package io.gridwork.agent.daemon;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The loose match between a price-table key and a GPU model name; the ledger's own comparison of
 * model names is {@link io.gridwork.protocol.market.GpuModels}.
 */
final class GpuNames {
  private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^a-z0-9]");

  private GpuNames() {}

  /**
   * True when price-table key {@code key} names {@code model}: rtx4090 names "NVIDIA GeForce RTX
   * 4090".
   */
  static boolean priceKeyMatches(String key, String model) {
    String k = compact(key);
    return !k.isEmpty() && compact(model).contains(k);
  }

  private static String compact(String text) {
    return NOT_ALPHANUMERIC.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("");
  }
}
