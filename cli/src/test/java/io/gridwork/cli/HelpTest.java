package io.gridwork.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpTest {
  private final Cli cli = new Cli();

  @Test
  void everyCommandAnswersHelpWithItsUsage() {
    List<List<String>> paths = new ArrayList<>();
    collect(GridworkCli.commandLine(new GridworkCli()), new ArrayList<>(), paths);

    assertThat(paths).hasSizeGreaterThan(20);
    for (List<String> path : paths) {
      List<String> args = new ArrayList<>(path);
      args.add("--help");

      Cli.Result result = cli.run(args.toArray(String[]::new));

      assertThat(result.exitCode()).as("%s --help: %s", path, result.err()).isZero();
      assertThat(result.out()).startsWith("Usage: " + String.join(" ", commandName(path)));
    }
  }

  @Test
  void everyDescriptionLineIsAValidFormatString() {
    // picocli formats each line with String.format; a bare % makes it print a warning and the raw
    // line instead of the help.
    List<CommandLine> commands = new ArrayList<>();
    collectCommands(GridworkCli.commandLine(new GridworkCli()), commands);

    for (CommandLine command : commands) {
      for (String line : command.getCommandSpec().usageMessage().description()) {
        assertThatCode(() -> String.format(line))
            .as("%s: %s", command.getCommandName(), line)
            .doesNotThrowAnyException();
      }
    }
  }

  @Test
  void everyCommandListedInItsParentsHelpIsDescribedInWholeSentences() {
    List<CommandLine> commands = new ArrayList<>();
    collectCommands(GridworkCli.commandLine(new GridworkCli()), commands);

    // A parent's list of subcommands shows only the first line of each description.
    List<String> cut =
        commands.stream()
            .filter(c -> c.getParent() != null)
            .filter(
                c -> {
                  String[] lines = c.getCommandSpec().usageMessage().description();
                  return lines.length > 0 && !lines[0].strip().matches(".*[.:!?)]$");
                })
            .map(CommandLine::getCommandName)
            .toList();

    assertThat(cut).isEmpty();
  }

  @Test
  void aUsageErrorPointsAtAHelpThatWorks() {
    Cli.Result wrong = cli.run("job", "status");
    assertThat(wrong.err()).contains("See 'gridwork job status --help'");

    Cli.Result help = cli.run("job", "status", "--help");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("--watch");
  }

  private static List<String> commandName(List<String> path) {
    List<String> name = new ArrayList<>(List.of("gridwork"));
    name.addAll(path);
    return name;
  }

  private static void collectCommands(CommandLine command, List<CommandLine> commands) {
    commands.add(command);
    command.getSubcommands().entrySet().stream()
        .filter(e -> e.getKey().equals(e.getValue().getCommandName()))
        .forEach(e -> collectCommands(e.getValue(), commands));
  }

  private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
    paths.add(List.copyOf(path));
    command
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              if (!name.equals(sub.getCommandName())) {
                return; // an alias: its command is visited under its own name
              }
              List<String> next = new ArrayList<>(path);
              next.add(name);
              collect(sub, next, paths);
            });
  }
}
