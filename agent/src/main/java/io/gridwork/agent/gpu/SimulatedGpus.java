package io.gridwork.agent.gpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds simulated GPUs from a short spec such as {@code rtx4090:2,a100-80gb:1}, with the names
 * nvidia-smi prints for those cards and their published memory and board power limits.
 */
public final class SimulatedGpus {
  private record Model(String name, int memoryMib, long powerLimitWatts) {}

  private static final int MAX_PER_MODEL = 64;

  private static final Map<String, Model> MODELS =
      new TreeMap<>(
          Map.of(
              "rtx3090", new Model("NVIDIA GeForce RTX 3090", 24576, 350),
              "rtx4090", new Model("NVIDIA GeForce RTX 4090", 24564, 450),
              "a100-80gb", new Model("NVIDIA A100-SXM4-80GB", 81920, 400),
              "h100-80gb", new Model("NVIDIA H100 80GB HBM3", 81559, 700),
              "t4", new Model("Tesla T4", 15360, 70)));

  private SimulatedGpus() {}

  /** The short names {@link #parse} accepts. */
  public static List<String> models() {
    return List.copyOf(MODELS.keySet());
  }

  /**
   * Parses {@code model:count} pairs separated by commas; indices are assigned in order. Throws
   * {@link IllegalArgumentException} naming the bad part and the accepted models.
   */
  public static List<SimulatedGpu> parse(String spec) {
    List<SimulatedGpu> gpus = new ArrayList<>();
    for (String part : spec.split(",", -1)) {
      String[] pair = part.strip().split(":", -1);
      if (pair.length != 2) {
        throw invalid(spec, "'" + part.strip() + "' is not model:count");
      }
      Model model = MODELS.get(pair[0].strip().toLowerCase(Locale.ROOT));
      if (model == null) {
        throw invalid(spec, "unknown model '" + pair[0].strip() + "'");
      }
      int count = count(spec, pair[1].strip());
      for (int i = 0; i < count; i++) {
        gpus.add(
            new SimulatedGpu(
                gpus.size(), model.name(), model.memoryMib(), model.powerLimitWatts()));
      }
    }
    return List.copyOf(gpus);
  }

  private static int count(String spec, String text) {
    int count;
    try {
      count = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw invalid(spec, "count '" + text + "' is not a whole number");
    }
    if (count < 1 || count > MAX_PER_MODEL) {
      throw invalid(spec, "count " + count + " is outside 1.." + MAX_PER_MODEL);
    }
    return count;
  }

  private static IllegalArgumentException invalid(String spec, String problem) {
    return new IllegalArgumentException(
        "simulated GPUs '"
            + spec
            + "': "
            + problem
            + " (expected e.g. rtx4090:2,a100-80gb:1; models: "
            + String.join(", ", MODELS.keySet())
            + ")");
  }
}
