package io.gridwork.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** How a command prints its result: for people, or as one JSON document for scripts. */
enum OutputFormat {
  TEXT,
  JSON;

  /** Accepts {@code text} and {@code json} in any case. */
  static final class Converter implements ITypeConverter<OutputFormat> {
    @Override
    public OutputFormat convert(String value) {
      return switch (value.strip().toLowerCase(Locale.ROOT)) {
        case "text" -> TEXT;
        case "json" -> JSON;
        default ->
            throw new TypeConversionException(
                "unknown output format '" + value + "': use text or json");
      };
    }
  }
}
