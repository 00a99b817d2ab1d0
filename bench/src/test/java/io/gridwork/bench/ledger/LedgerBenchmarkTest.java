package io.gridwork.bench.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerBenchmarkTest {

  @Test
  void smallRunCommitsEveryTransferAndReportsTheSummaryLine(@TempDir Path dir) throws Exception {
    LedgerBenchOptions options = new LedgerBenchOptions(20, 3, 20, 25, 2, 50, 1_000, 2, 200, dir);
    List<String> progress = new ArrayList<>();

    LedgerBenchResult result = new LedgerBenchmark(options, progress::add).run();

    assertThat(result.committed()).isEqualTo(60);
    assertThat(result.rejected()).isZero();
    assertThat(result.verifyPerSecond()).isPositive();
    assertThat(result.cpuMicrosPerTx()).isPositive();
    assertThat(result.cpuMicrosPerVerify()).isPositive();
    assertThat(result.summaryLine())
        .matches("ledger: \\d+ tx/s committed, verify bound \\d+/s, ratio \\d+\\.\\d\\d");
    assertThat(progress).anyMatch(line -> line.startsWith("timed phase"));
  }
}
