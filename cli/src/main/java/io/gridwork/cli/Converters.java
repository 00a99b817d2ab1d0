package io.gridwork.cli;

import io.gridwork.protocol.Amount;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses typed flags so that a mistyped amount is a usage error (exit 2). */
final class Converters {
  private Converters() {}

  /** {@code 1.5GRID} or {@code 1500000ugrid}; a unit is required. */
  static final class AmountConverter implements ITypeConverter<Amount> {
    @Override
    public Amount convert(String value) {
      try {
        return Amount.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
