package io.gridwork.cli;

import picocli.CommandLine.Option;

/** The {@code --output text|json} flag every query and transaction command has. */
final class OutputOption {
  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      converter = OutputFormat.Converter.class,
      description = "text (default) or json (one JSON document on stdout, amounts in ugrid)")
  OutputFormat format;
}
