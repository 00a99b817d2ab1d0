package io.gridwork.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that only groups subcommands: run alone, it says which ones exist (exit 2). */
abstract class CommandGroup implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "'"
            + spec.qualifiedName()
            + "' needs a subcommand: "
            + String.join(", ", spec.subcommands().keySet()));
  }
}
