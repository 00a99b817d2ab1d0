package io.gridwork.chain.market;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.genesis.LivenessParams;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.spec.SlaTier;
import io.gridwork.testkit.TestKeys;
import org.junit.jupiter.api.Test;

class ServiceLevelTest {
  private static final LivenessParams LIVENESS = LivenessParams.defaults();

  /** A lease open for 100 blocks (20 heartbeats expected) that sent {@code heartbeats}. */
  private static Lease closed(CloseReason reason, long heartbeats) {
    return new Lease(
        Hash.sha256(new byte[] {1}),
        Hash.sha256(new byte[] {2}),
        TestKeys.key("provider").address(),
        1,
        "RTX 4090",
        1,
        0,
        LeaseStatus.CLOSED,
        reason,
        10,
        110,
        1,
        0,
        0,
        10,
        0,
        10,
        0,
        0,
        heartbeats,
        1);
  }

  @Test
  void uptimeExactlyAtThePromiseKeepsIt() {
    assertThat(
            ServiceLevel.brokePromise(
                closed(CloseReason.BUYER_CLOSED, 19), SlaTier.STANDARD, LIVENESS))
        .isFalse();
  }

  @Test
  void uptimeBelowThePromiseBreaksIt() {
    assertThat(
            ServiceLevel.brokePromise(
                closed(CloseReason.ALL_UNITS_DONE, 19), SlaTier.PREMIUM, LIVENESS))
        .isTrue();
  }

  @Test
  void slashedLeaseBreaksItsPromiseWhateverItsUptime() {
    assertThat(
            ServiceLevel.brokePromise(closed(CloseReason.SLASHED, 40), SlaTier.STANDARD, LIVENESS))
        .isTrue();
  }

  @Test
  void heartbeatTimeoutBreaksThePromise() {
    assertThat(
            ServiceLevel.brokePromise(
                closed(CloseReason.HEARTBEAT_TIMEOUT, 20), SlaTier.STANDARD, LIVENESS))
        .isTrue();
  }

  @Test
  void leaseShorterThanAnIntervalPromisesNothingItCouldBreak() {
    Lease brief = closed(CloseReason.PROVIDER_CLOSED, 0);
    Lease shortLived =
        new Lease(
            brief.id(),
            brief.jobId(),
            brief.provider(),
            brief.price(),
            brief.gpuModel(),
            brief.gpuCount(),
            brief.collateral(),
            brief.status(),
            brief.closeReason(),
            10,
            14,
            1,
            0,
            0,
            10,
            0,
            10,
            0,
            0,
            0,
            1);

    assertThat(ServiceLevel.brokePromise(shortLived, SlaTier.PREMIUM, LIVENESS)).isFalse();
  }
}
