package io.gridwork.agent.gpu;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Reads the CSV that nvidia-smi prints for {@link #QUERY} into {@link Gpu} records. */
public final class NvidiaSmi {
  /** The fields asked for, in the order they come back. */
  public static final List<String> FIELDS =
      List.of(
          "index",
          "uuid",
          "name",
          "memory.total",
          "memory.used",
          "utilization.gpu",
          "power.draw",
          "power.limit",
          "temperature.gpu",
          "pci.bus_id",
          "driver_version",
          "compute_cap");

  /** nvidia-smi's arguments: no header and no units, so every field is a bare value. */
  public static final List<String> QUERY =
      List.of("--query-gpu=" + String.join(",", FIELDS), "--format=csv,noheader,nounits");

  private NvidiaSmi() {}

  /** The outcome of reading nvidia-smi's output. */
  public sealed interface Parse {
    record Parsed(List<Gpu> gpus) implements Parse {
      public Parsed {
        gpus = List.copyOf(gpus);
      }
    }

    /** A line that is not what the query prints; {@code lineNumber} counts from 1. */
    record Malformed(int lineNumber, String line, String reason) implements Parse {
      public String message() {
        return "nvidia-smi output line " + lineNumber + " (" + line + "): " + reason;
      }
    }
  }

  /** Blank lines are skipped; the first line that does not parse stops the reading. */
  public static Parse parse(String csv) {
    List<Gpu> gpus = new ArrayList<>();
    String[] lines = csv.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      try {
        gpus.add(parseLine(line));
      } catch (BadField e) {
        return new Parse.Malformed(i + 1, line, e.getMessage());
      }
    }
    return new Parse.Parsed(gpus);
  }

  private static Gpu parseLine(String line) throws BadField {
    String[] raw = line.split(",", -1);
    if (raw.length != FIELDS.size()) {
      throw new BadField("expected " + FIELDS.size() + " fields, found " + raw.length);
    }
    Fields fields = new Fields(raw);
    return new Gpu(
        fields.requiredInt(0),
        fields.required(1),
        fields.required(2),
        fields.requiredInt(3),
        fields.optionalInt(4),
        fields.optionalInt(5),
        fields.optionalMilli(6),
        fields.optionalMilli(7),
        fields.optionalInt(8),
        fields.optional(9),
        fields.optional(10),
        fields.optional(11));
  }

  /**
   * One line's values. Index, uuid, name and total memory identify and size a card, so without them
   * the line is unusable; every other field may be unavailable.
   */
  private record Fields(String[] raw) {
    String required(int i) throws BadField {
      return optional(i)
          .orElseThrow(
              () -> new BadField(FIELDS.get(i) + " is unavailable (" + raw[i].trim() + ")"));
    }

    Optional<String> optional(int i) throws BadField {
      String value = raw[i].trim();
      if (value.isEmpty()) {
        throw new BadField(FIELDS.get(i) + " is empty");
      }
      return unavailable(value) ? Optional.empty() : Optional.of(value);
    }

    int requiredInt(int i) throws BadField {
      return toInt(i, required(i));
    }

    OptionalInt optionalInt(int i) throws BadField {
      Optional<String> value = optional(i);
      return value.isEmpty() ? OptionalInt.empty() : OptionalInt.of(toInt(i, value.get()));
    }

    /** Watts with two decimals become exact milliwatts; no floating point on the way. */
    OptionalLong optionalMilli(int i) throws BadField {
      Optional<String> value = optional(i);
      if (value.isEmpty()) {
        return OptionalLong.empty();
      }
      try {
        BigDecimal milli = new BigDecimal(value.get()).movePointRight(3);
        return OptionalLong.of(milli.setScale(0, RoundingMode.HALF_UP).longValueExact());
      } catch (NumberFormatException | ArithmeticException e) {
        throw new BadField(FIELDS.get(i) + " '" + value.get() + "' is not a number of watts");
      }
    }

    private static int toInt(int i, String value) throws BadField {
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new BadField(FIELDS.get(i) + " '" + value + "' is not a whole number");
      }
    }

    /** nvidia-smi marks what a card cannot report with a bracketed word: [N/A], [Not Supported]. */
    private static boolean unavailable(String value) {
      return value.startsWith("[") && value.endsWith("]");
    }
  }

  /** A field that does not parse; caught within this class and turned into {@code Malformed}. */
  private static final class BadField extends Exception {
    BadField(String message) {
      super(message, null, false, false);
    }
  }
}
