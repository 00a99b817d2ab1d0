package io.gridwork.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
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
    assertThat(result.err())
        .contains("20 transactions committed")
        .containsPattern("CPU time \\d+\\.\\d us per committed transaction");
  }

  @Test
  void ledgerBenchmarkRefusesATooSmallSetup() {
    Cli.Result result = new Cli().run("bench", "ledger", "--accounts", "1");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("at least 2 accounts");
  }

  @Test
  void marketBenchmarkRefusesZeroJobs() {
    Cli.Result result = new Cli().run("bench", "market", "--jobs", "0");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("jobs must be at least 1");
  }

  @Test
  void verifyBenchmarkRefusesTooFewHonestProvidersForATieBreak() {
    Cli.Result result = new Cli().run("bench", "verify", "--honest-providers", "2");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("honest providers must be at least 3");
  }

  @Test
  void verifyBenchmarkEndsWithTheLatencyAndSummaryLines() {
    Cli.Result result =
        new Cli()
            .run(
                "bench",
                "verify",
                "--trials",
                "10",
                "--honest-providers",
                "3",
                "--steady-units",
                "100");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out().strip().split("\n"))
        .hasSize(2)
        .satisfies(
            lines -> {
              assertThat(lines[0]).startsWith("verify: challenge window adds 5 blocks");
              assertThat(lines[1])
                  .matches(
                      "verify: audit overhead \\d+\\.\\d%, detection \\d+\\.\\d% within 200"
                          + " units, false slashes 0");
            });
  }

  @Test
  void marketBenchmarkEndsWithItsSummaryLine() {
    assumeTrue(
        Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .anyMatch(dir -> Files.isExecutable(Path.of(dir, "bwrap"))),
        "bwrap is not installed: agents cannot run units");
    Cli.Result result =
        new Cli()
            .run(
                "bench",
                "market",
                "--agents",
                "1",
                "--gpus-per-agent",
                "4",
                "--buyers",
                "2",
                "--warmup-jobs",
                "2",
                "--jobs",
                "6",
                "--block-interval-ms",
                "100",
                "--bid-window-blocks",
                "2");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out().strip())
        .matches(
            "market: \\d+\\.\\d jobs/s end to end, \\d+\\.\\d units/s,"
                + " auction latency p50 \\d+ ms p99 \\d+ ms");
  }
}
