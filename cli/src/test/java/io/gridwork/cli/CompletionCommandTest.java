package io.gridwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompletionCommandTest {
  @Test
  void completionPrintsABashScriptThatKnowsTheSubcommands() {
    Cli.Result result = new Cli().run("completion");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("complete -F").contains("provider").contains("devnet");
  }

  @Test
  void aGroupWithoutASubcommandIsAUsageErrorListingThem() {
    Cli.Result result = new Cli().run("query");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("account").contains("params");
  }
}
