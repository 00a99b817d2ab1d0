package io.gridwork.bench.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarketBenchmarkTest {

  @Test
  void aSmallRunPaysEveryJobAndReportsTheSummaryLine(@TempDir Path dir) throws Exception {
    assumeTrue(onPath("bwrap"), "bwrap is not installed: agents cannot run units");
    MarketBenchOptions options = new MarketBenchOptions(2, 4, 2, 4, 10, 20, 100, 2, dir);
    List<String> progress = new ArrayList<>();

    MarketBenchResult result = new MarketBenchmark(options, progress::add).run();

    assertThat(result.jobs()).isEqualTo(10);
    assertThat(result.auctionP50Millis()).isPositive();
    assertThat(result.summaryLine())
        .matches(
            "market: \\d+\\.\\d jobs/s end to end, \\d+\\.\\d units/s,"
                + " auction latency p50 \\d+ ms p99 \\d+ ms");
    assertThat(progress).anyMatch(line -> line.startsWith("timed phase"));
  }

  private static boolean onPath(String program) {
    return List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
        .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
  }
}
