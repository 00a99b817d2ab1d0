package io.gridwork.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AmountTest {

  @ParameterizedTest(name = "{0} is {1} ugrid")
  @CsvSource(
      delimiter = '|',
      value = {
        "1.5GRID              | 1500000",
        "0.000001GRID         | 1",
        "1500000ugrid         | 1500000",
        "1 grid               | 1000000",
        "1_000GRID            | 1000000000",
        "1.5 GRID             | 1500000",
        "1500000 ugrid        | 1500000",
        "0GRID                | 0",
        "0ugrid               | 0",
        "0.100000GRID         | 100000",
        "007GRID              | 7000000",
        "9223372036854775807ugrid | 9223372036854775807",
        "9223372036854.775807GRID | 9223372036854775807",
      })
  void parsesAmountsWithTheirUnit(String text, long ugrid) {
    assertThat(Amount.parse(text).ugrid()).isEqualTo(ugrid);
  }

  @ParameterizedTest(name = "{0} formats as {1}")
  @CsvSource({
    "1500000, 1.5GRID",
    "1, 0.000001GRID",
    "0, 0GRID",
    "1000000, 1GRID",
    "1000000000, 1000GRID",
    "100000, 0.1GRID",
    "9223372036854775807, 9223372036854.775807GRID",
    "-1500000, -1.5GRID",
    "-9223372036854775808, -9223372036854775808ugrid",
  })
  void formatsAsGridWithoutTrailingZeros(long ugrid, String text) {
    assertThat(Amount.format(ugrid)).isEqualTo(text);
  }

  @ParameterizedTest(name = "\"{0}\" is refused: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "1.5                       | has no unit",
        "5btc                      | has no unit",
        "5 grids                   | has no unit",
        "1.5ugrid                  | ugrid is the smallest unit and has no fractions",
        "0.0000001GRID             | has more than 6 decimals",
        "-1GRID                    | is not a non-negative decimal number",
        "-5ugrid                   | is not a non-negative decimal number",
        "1e6GRID                   | is not a non-negative decimal number",
        ".5GRID                    | is not a non-negative decimal number",
        "1.GRID                    | is not a non-negative decimal number",
        "GRID                      | is not a non-negative decimal number",
        "1,5GRID                   | is not a non-negative decimal number",
        "9223372036854775808ugrid  | is too large",
        "9223372036854.775808GRID  | is too large",
        "9223372036855GRID         | is too large",
        "99999999999999999999GRID  | is too large",
      })
  void malformedAmountsAreRefusedWithTheReason(String text, String reason) {
    assertThatThrownBy(() -> Amount.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void blankAmountIsRefused() {
    assertThatThrownBy(() -> Amount.parse("  "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("empty amount");
  }

  @Test
  void negativeAmountCannotBeConstructed() {
    assertThatThrownBy(() -> Amount.ugrid(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void additionThatWouldOverflowThrowsInsteadOfWrapping() {
    Amount max = Amount.ugrid(Long.MAX_VALUE);

    assertThatThrownBy(() -> max.plus(Amount.ugrid(1))).isInstanceOf(ArithmeticException.class);
  }

  @Test
  void subtractionBelowZeroIsRefused() {
    assertThatThrownBy(() -> Amount.ugrid(1).minus(Amount.ugrid(2)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void wholeGridBeyondTheRangeThrowsInsteadOfWrapping() {
    assertThatThrownBy(() -> Amount.grid(Long.MAX_VALUE / 1_000_000 + 1))
        .isInstanceOf(ArithmeticException.class);
  }

  @Property(tries = 1000)
  void everyNonNegativeAmountSurvivesFormatThenParse(@ForAll @LongRange(min = 0) long ugrid) {
    assertThat(Amount.parse(Amount.format(ugrid)).ugrid()).isEqualTo(ugrid);
  }

  @Property(tries = 200)
  void toStringIsTheFormattedAmount(@ForAll @LongRange(min = 0) long ugrid) {
    assertThat(Amount.ugrid(ugrid)).hasToString(Amount.format(ugrid));
  }
}
