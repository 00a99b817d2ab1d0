package io.gridwork.protocol;

import java.util.Locale;

/**
 * A non-negative quantity of GRID in micro-units: 1 GRID = 1,000,000 ugrid. Arithmetic is exact;
 * overflow throws {@link ArithmeticException} instead of wrapping.
 */
public record Amount(long ugrid) implements Comparable<Amount> {
  public static final long UGRID_PER_GRID = 1_000_000L;
  public static final Amount ZERO = new Amount(0);

  public Amount {
    if (ugrid < 0) {
      throw new IllegalArgumentException("an amount cannot be negative: " + ugrid + "ugrid");
    }
  }

  public static Amount ugrid(long ugrid) {
    return new Amount(ugrid);
  }

  public static Amount grid(long grid) {
    return new Amount(Math.multiplyExact(grid, UGRID_PER_GRID));
  }

  public Amount plus(Amount other) {
    return new Amount(Math.addExact(ugrid, other.ugrid));
  }

  public Amount minus(Amount other) {
    return new Amount(Math.subtractExact(ugrid, other.ugrid));
  }

  /**
   * Parses {@code 1.5GRID}, {@code 1.5 grid}, {@code 1500000ugrid} or {@code 1500000 ugrid}. The
   * unit is required so that nobody sends a million times what they meant. Throws {@link
   * IllegalArgumentException} saying what is wrong.
   */
  public static Amount parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty amount: write e.g. 1.5GRID or 1500000ugrid");
    }
    String s = text.strip().toLowerCase(Locale.ROOT).replace("_", "");
    boolean micro;
    String number;
    if (s.endsWith("ugrid")) {
      micro = true;
      number = s.substring(0, s.length() - 5).strip();
    } else if (s.endsWith("grid")) {
      micro = false;
      number = s.substring(0, s.length() - 4).strip();
    } else {
      throw new IllegalArgumentException(
          "amount '" + text + "' has no unit: write e.g. 1.5GRID or 1500000ugrid");
    }
    if (number.isEmpty() || !number.matches("[0-9]+(\\.[0-9]+)?")) {
      throw new IllegalArgumentException(
          "amount '" + text + "' is not a non-negative decimal number followed by GRID or ugrid");
    }
    try {
      if (micro) {
        if (number.contains(".")) {
          throw new IllegalArgumentException(
              "amount '" + text + "': ugrid is the smallest unit and has no fractions");
        }
        return new Amount(Long.parseLong(number));
      }
      int dot = number.indexOf('.');
      String whole = dot < 0 ? number : number.substring(0, dot);
      String frac = dot < 0 ? "" : number.substring(dot + 1);
      if (frac.length() > 6) {
        throw new IllegalArgumentException(
            "amount '" + text + "' has more than 6 decimals: 1 ugrid = 0.000001 GRID");
      }
      long micros = frac.isEmpty() ? 0 : Long.parseLong((frac + "000000").substring(0, 6));
      return new Amount(
          Math.addExact(Math.multiplyExact(Long.parseLong(whole), UGRID_PER_GRID), micros));
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "amount '" + text + "' is too large (at most " + new Amount(Long.MAX_VALUE) + ")", e);
    }
  }

  /** Formats as GRID with up to six decimals, e.g. {@code 1.5GRID} or {@code 0.000001GRID}. */
  public static String format(long ugrid) {
    String sign = ugrid < 0 ? "-" : "";
    long abs = Math.abs(ugrid);
    if (ugrid == Long.MIN_VALUE) {
      return ugrid + "ugrid";
    }
    long whole = abs / UGRID_PER_GRID;
    long frac = abs % UGRID_PER_GRID;
    if (frac == 0) {
      return sign + whole + "GRID";
    }
    String f = String.format(Locale.ROOT, "%06d", frac).replaceAll("0+$", "");
    return sign + whole + "." + f + "GRID";
  }

  @Override
  public int compareTo(Amount other) {
    return Long.compare(ugrid, other.ugrid);
  }

  @Override
  public String toString() {
    return format(ugrid);
  }
}
