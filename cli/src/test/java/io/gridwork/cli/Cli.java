package io.gridwork.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** Runs {@code gridwork} in-process with a given environment and captures what it prints. */
final class Cli {
  private final Map<String, String> environment;

  Cli(Map<String, String> environment) {
    this.environment = environment;
  }

  Cli() {
    this(Map.of());
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = GridworkCli.commandLine(new GridworkCli(environment));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Result(exitCode, out.toString(), err.toString());
  }

  record Result(int exitCode, String out, String err) {}
}
