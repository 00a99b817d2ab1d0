package io.gridwork.protocol.market;

import io.gridwork.protocol.spec.GpuRequest;
import io.gridwork.protocol.tx.GpuInventory;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides whether two spellings name the same GPU model, for the ledger checking a bid, the agent
 * choosing what to bid with and the CLI explaining a job: names are compared after lower-casing and
 * folding runs of spaces, '-' and '_' into one space, so "RTX 4090", "rtx-4090" and "RTX_4090"
 * match while "RTX 4090" and "RTX 4080" do not.
 */
public final class GpuModels {
  private static final Pattern SEPARATORS = Pattern.compile("[\\s_-]+");

  private GpuModels() {}

  /** The form two names are compared in. */
  public static String normalize(String model) {
    return SEPARATORS.matcher(model.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
  }

  public static boolean sameModel(String a, String b) {
    return normalize(a).equals(normalize(b));
  }

  /** True when {@code model} is one of {@code names}. */
  public static boolean anyMatches(List<String> names, String model) {
    for (String candidate : names) {
      if (sameModel(candidate, model)) {
        return true;
      }
    }
    return false;
  }

  /** True when the request takes {@code model}: it names no model, or names this one. */
  public static boolean accepts(GpuRequest wanted, String model) {
    return wanted.models().isEmpty() || anyMatches(wanted.models(), model);
  }

  /** The cards of {@code model} in {@code gpus} with at least {@code minVramMib} each. */
  public static int eligibleCount(List<GpuInventory> gpus, String model, int minVramMib) {
    int total = 0;
    for (GpuInventory g : gpus) {
      if (sameModel(g.model(), model) && g.vramMib() >= minVramMib) {
        total = Math.addExact(total, g.count());
      }
    }
    return total;
  }

  /** True when {@code gpus} hold {@code model} at all, whatever its memory. */
  public static boolean offers(List<GpuInventory> gpus, String model) {
    for (GpuInventory g : gpus) {
      if (sameModel(g.model(), model)) {
        return true;
      }
    }
    return false;
  }
}
