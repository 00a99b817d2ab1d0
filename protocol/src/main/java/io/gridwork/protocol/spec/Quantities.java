package io.gridwork.protocol.spec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes the human forms of CPU and byte quantities ({@code 0.5}, {@code 500m}, {@code
 * 512Mi}, {@code 10G}, {@code 15Gb}) with exact decimal arithmetic, so a size never depends on
 * floating-point rounding.
 */
final class Quantities {
  static final long MIB = 1L << 20;

  private static final Pattern CPU = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(m?)");
  private static final Pattern SIZE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-z]*)");

  // Binary suffixes as Kubernetes and Akash write them; decimal ones also with a trailing b/B
  // ("15Gb"), which Akash SDL files use for gigabytes.
  private static final Map<String, BigInteger> UNITS =
      Map.ofEntries(
          Map.entry("", BigInteger.ONE),
          Map.entry("b", BigInteger.ONE),
          Map.entry("ki", BigInteger.TWO.pow(10)),
          Map.entry("mi", BigInteger.TWO.pow(20)),
          Map.entry("gi", BigInteger.TWO.pow(30)),
          Map.entry("ti", BigInteger.TWO.pow(40)),
          Map.entry("pi", BigInteger.TWO.pow(50)),
          Map.entry("kib", BigInteger.TWO.pow(10)),
          Map.entry("mib", BigInteger.TWO.pow(20)),
          Map.entry("gib", BigInteger.TWO.pow(30)),
          Map.entry("tib", BigInteger.TWO.pow(40)),
          Map.entry("pib", BigInteger.TWO.pow(50)),
          Map.entry("k", BigInteger.TEN.pow(3)),
          Map.entry("m", BigInteger.TEN.pow(6)),
          Map.entry("g", BigInteger.TEN.pow(9)),
          Map.entry("t", BigInteger.TEN.pow(12)),
          Map.entry("p", BigInteger.TEN.pow(15)),
          Map.entry("kb", BigInteger.TEN.pow(3)),
          Map.entry("mb", BigInteger.TEN.pow(6)),
          Map.entry("gb", BigInteger.TEN.pow(9)),
          Map.entry("tb", BigInteger.TEN.pow(12)),
          Map.entry("pb", BigInteger.TEN.pow(15)));

  private Quantities() {}

  /** {@code 2}, {@code 0.5} (cores) or {@code 500m} (millicores) as millicores. */
  static Optional<Long> cpuMillis(String text) {
    Matcher m = CPU.matcher(text.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    BigDecimal value = new BigDecimal(m.group(1));
    BigDecimal millis = m.group(2).isEmpty() ? value.movePointRight(3) : value;
    try {
      return Optional.of(millis.setScale(0, RoundingMode.UNNECESSARY).longValueExact());
    } catch (ArithmeticException e) {
      return Optional.empty();
    }
  }

  static String formatCpu(long millis) {
    return millis % 1000 == 0 ? Long.toString(millis / 1000) : millis + "m";
  }

  /**
   * A size such as {@code 512Mi}, {@code 1.5Gi}, {@code 10G} or {@code 15Gb} in bytes; empty when
   * the text is not a size or does not fit in a long. A bare number is bytes.
   */
  static Optional<Long> bytes(String text) {
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    BigInteger unit = UNITS.get(m.group(2).toLowerCase(Locale.ROOT));
    if (unit == null || isAmbiguousMilli(m.group(2))) {
      return Optional.empty();
    }
    BigDecimal bytes = new BigDecimal(m.group(1)).multiply(new BigDecimal(unit));
    try {
      return Optional.of(bytes.setScale(0, RoundingMode.CEILING).longValueExact());
    } catch (ArithmeticException e) {
      return Optional.empty();
    }
  }

  // Kubernetes reads a lower-case "m" as milli; nobody means a thousandth of a byte, so refuse it
  // rather than guess between milli and mega.
  private static boolean isAmbiguousMilli(String suffix) {
    return suffix.equals("m");
  }

  /** Whether the text ends in a unit, so a bare number can be told apart from a size. */
  static boolean hasUnit(String text) {
    Matcher m = SIZE.matcher(text.strip());
    return m.matches() && !m.group(2).isEmpty();
  }

  /** Bytes rounded up to whole MiB. */
  static long toMibCeil(long bytes) {
    return bytes / MIB + (bytes % MIB == 0 ? 0 : 1);
  }

  /** MiB in the largest binary unit that divides it exactly: {@code 8Gi}, {@code 1536Mi}. */
  static String formatMib(long mib) {
    if (mib != 0 && mib % (1L << 20) == 0) {
      return mib / (1L << 20) + "Ti";
    }
    if (mib != 0 && mib % 1024 == 0) {
      return mib / 1024 + "Gi";
    }
    return mib + "Mi";
  }

  /** Bytes in the largest binary unit that divides it exactly, or as a bare number. */
  static String formatBytes(long bytes) {
    String[] units = {"Ti", "Gi", "Mi", "Ki"};
    int[] shifts = {40, 30, 20, 10};
    for (int i = 0; i < units.length; i++) {
      long unit = 1L << shifts[i];
      if (bytes != 0 && bytes % unit == 0) {
        return bytes / unit + units[i];
      }
    }
    return Long.toString(bytes);
  }
}
