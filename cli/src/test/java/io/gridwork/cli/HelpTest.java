package io.gridwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
