package io.gridwork.bench.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifyBenchmarkTest {

  @Test
  void smallRunCatchesCheatersWithoutSlashingHonestProvidersAndReportsTheSummaryLine() {
    VerifyBenchOptions options = new VerifyBenchOptions(20, 200, 10, 4, 200, 20, 5, 3);
    List<String> progress = new ArrayList<>();

    VerifyBenchResult result = new VerifyBenchmark(options, progress::add).run();

    assertThat(result.falseSlashes()).isZero();
    assertThat(result.detected()).isPositive();
    assertThat(result.steadyUnits()).isPositive();
    assertThat(result.summaryLine())
        .matches(
            "verify: audit overhead \\d+\\.\\d%, detection \\d+\\.\\d% within 200 units,"
                + " false slashes 0");
    assertThat(result.latencyLine()).startsWith("verify: challenge window adds 5 blocks");
  }
}
