package io.gridwork.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;

/** Prints a bash completion script generated from the command tree itself, so it never drifts. */
@Command(
    name = "completion",
    description = {"Print a bash completion script.", "Use it with: source <(gridwork completion)"})
final class CompletionCommand extends GridworkCommand {
  @Override
  int execute() {
    out().print(AutoComplete.bash("gridwork", spec.root().commandLine()));
    out().flush();
    return ExitCode.OK;
  }
}
