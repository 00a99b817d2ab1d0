package io.gridwork.chain.genesis;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.protocol.spec.SlaTier;
import org.junit.jupiter.api.Test;

class LivenessParamsTest {
  private static final long GRID = 1_000_000;

  @Test
  void defaultsAreSane() {
    assertThat(LivenessParams.defaults().problems()).isEmpty();
  }

  @Test
  void compensationIsPerGpuAndACpuLeaseCountsAsOne() {
    LivenessParams p = LivenessParams.defaults();

    assertThat(p.compensation(SlaTier.PREMIUM, 4)).isEqualTo(80 * GRID);
    assertThat(p.compensation(SlaTier.STANDARD, 0)).isEqualTo(5 * GRID);
    assertThat(p.compensation(SlaTier.BEST_EFFORT, 8)).isZero();
  }

  @Test
  void bestEffortPromisesNoUptime() {
    LivenessParams p = LivenessParams.defaults();

    assertThat(p.uptimeBps(SlaTier.BEST_EFFORT)).isZero();
    assertThat(p.uptimeBps(SlaTier.STANDARD)).isEqualTo(9_500);
    assertThat(p.uptimeBps(SlaTier.PREMIUM)).isEqualTo(9_900);
  }

  @Test
  void graceShorterThanTheIntervalIsRefused() {
    LivenessParams p = new LivenessParams(10, 5, 40, 9_500, GRID, 9_900, GRID);

    assertThat(p.problems())
        .singleElement()
        .asString()
        .startsWith("params.liveness.heartbeatGraceBlocks (5) must be at least");
  }

  @Test
  void uptimeAboveAllAndPremiumBelowStandardAreRefused() {
    LivenessParams p = new LivenessParams(5, 15, 40, 10_001, GRID, 9_000, -1);

    assertThat(p.problems())
        .hasSize(3)
        .anySatisfy(m -> assertThat(m).startsWith("params.liveness.standardUptimeBps"))
        .anySatisfy(m -> assertThat(m).startsWith("params.liveness.premiumUptimeBps (9000)"))
        .anySatisfy(m -> assertThat(m).startsWith("params.liveness.premiumCompensationPerGpu"));
  }

  @Test
  void compensationThatCouldOverflowForTheLargestJobIsRefused() {
    LivenessParams p =
        new LivenessParams(
            5, 15, 40, 9_500, LivenessParams.MAX_COMPENSATION_PER_GPU + 1, 9_900, GRID);

    assertThat(p.problems())
        .singleElement()
        .asString()
        .startsWith("params.liveness.standardCompensationPerGpu must be between 0 and");
  }
}
