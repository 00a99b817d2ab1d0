package io.gridwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchCommandTest {
  @Test
  void ledgerBenchmarkEndsWithItsSummaryLine() {
    Cli.Result result =
        new Cli()
            .run(
                "bench",
                "ledger",
                "--accounts",
                "10",
                "--txs-per-account",
                "2",
                "--warmup-txs",
                "10",
                "--block-interval-ms",
                "50",
                "--verify-ms",
                "200");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out().strip())
        .matches("ledger: \\d+ tx/s committed, verify bound \\d+/s, ratio \\d+\\.\\d\\d");
    assertThat(result.err()).contains("20 transactions committed");
  }

  @Test
  void ledgerBenchmarkRefusesATooSmallSetup() {
    Cli.Result result = new Cli().run("bench", "ledger", "--accounts", "1");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("at least 2 accounts");
  }
}
