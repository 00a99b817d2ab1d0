package io.gridwork.agent.daemon;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * GPU model spellings as the ledger compares them (lower case, runs of spaces, '-' and '_' as one
 * space), so the agent never bids with a model the ledger would call a mismatch; and the looser
 * match the price table uses.
 */
final class GpuNames {
  private static final Pattern SEPARATORS = Pattern.compile("[\\s_-]+");
  private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^a-z0-9]");

  private GpuNames() {}

  static boolean sameModel(String a, String b) {
    return ledgerForm(a).equals(ledgerForm(b));
  }

  private static String ledgerForm(String model) {
    return SEPARATORS.matcher(model.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
  }

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
