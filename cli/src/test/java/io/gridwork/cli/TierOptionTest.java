package io.gridwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TierOptionTest {

  @Test
  void registeringWithAnUnknownTierIsAUsageErrorNamingTheTiers() {
    Cli.Result result =
        new Cli()
            .run(
                "provider",
                "register",
                "--from",
                "prov",
                "--gpu",
                "rtx4090:24576:1",
                "--region",
                "eu-west",
                "--tier",
                "gold");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("best-effort, standard, premium, got 'gold'");
  }

  @Test
  void startingAnAgentWithAnUnknownTierIsAUsageErrorNamingTheTiers() {
    Cli.Result result = new Cli().run("agent", "start", "--tier", "Standard");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("best-effort, standard, premium, got 'Standard'");
  }
}
