package io.gridwork.cli;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.Hash;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses typed flags so that a mistyped address or amount is a usage error (exit 2). */
final class Converters {
  private Converters() {}

  /** {@code grid1...}; the bech32 checksum catches typos. */
  static final class AddressConverter implements ITypeConverter<Address> {
    @Override
    public Address convert(String value) {
      try {
        return Address.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

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
