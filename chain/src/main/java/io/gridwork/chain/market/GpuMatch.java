package io.gridwork.chain.market;

import io.gridwork.protocol.tx.GpuInventory;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides whether two spellings name the same GPU model: names are compared after lower-casing and
 * folding runs of spaces, '-' and '_' into one space, so "RTX 4090", "rtx-4090" and "RTX_4090"
 * match while "RTX 4090" and "RTX 4080" do not.
 */
final class GpuMatch {
  private static final Pattern SEPARATORS = Pattern.compile("[\\s_-]+");

  private GpuMatch() {}

  static String normalize(String model) {
    return SEPARATORS.matcher(model.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
  }

  static boolean sameModel(String a, String b) {
    return normalize(a).equals(normalize(b));
  }

  /** True when {@code model} is one of {@code accepted}. */
  static boolean anyMatches(List<String> accepted, String model) {
    for (String candidate : accepted) {
      if (sameModel(candidate, model)) {
        return true;
      }
    }
    return false;
  }

  /** The provider's cards of {@code model} with at least {@code minVramMib} each. */
  static int eligibleCount(List<GpuInventory> gpus, String model, int minVramMib) {
    int total = 0;
    for (GpuInventory g : gpus) {
      if (sameModel(g.model(), model) && g.vramMib() >= minVramMib) {
        total = Math.addExact(total, g.count());
      }
    }
    return total;
  }

  /** True when the provider registered {@code model} at all, whatever its memory. */
  static boolean offers(List<GpuInventory> gpus, String model) {
    for (GpuInventory g : gpus) {
      if (sameModel(g.model(), model)) {
        return true;
      }
    }
    return false;
  }
}
