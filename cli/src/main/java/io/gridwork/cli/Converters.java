package io.gridwork.cli;

import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.spec.SlaTier;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses typed flags so that a mistyped amount, tier or id is a usage error (exit 2). */
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

  /** A block height: 0 (genesis) or more. */
  static final class HeightConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      long height;
      try {
        height = Long.parseLong(value);
      } catch (NumberFormatException e) {
        throw new TypeConversionException(notAHeight(value));
      }
      if (height < 0) {
        throw new TypeConversionException(notAHeight(value));
      }
      return height;
    }

    private static String notAHeight(String value) {
      return "'" + value + "' is not a block height: write a whole number, 0 for the genesis block";
    }
  }

  /** A provider's service tier by its wire name; an unknown one names those allowed. */
  static final class TierConverter implements ITypeConverter<SlaTier> {
    @Override
    public SlaTier convert(String value) {
      try {
        return SlaTier.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A job, lease or transaction id: 64 hex characters. */
  static final class IdConverter implements ITypeConverter<Hash> {
    @Override
    public Hash convert(String value) {
      try {
        return Hash.fromHex(value.strip());
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "' is not an id: " + e.getMessage());
      }
    }
  }
}
