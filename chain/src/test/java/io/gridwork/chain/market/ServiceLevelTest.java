package io.gridwork.chain.market;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.genesis.LivenessParams;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.CloseReason;
import io.gridwork.protocol.market.LeaseStatus;
import io.gridwork.protocol.spec.SlaTier;
import io.gridwork.testkit.TestKeys;
import org.junit.jupiter.api.Test;

class ServiceLevelTest {
  private static final LivenessParams LIVENESS = LivenessParams.defaults();

  /**
   * A lease open for 105 blocks (21 intervals, 20 heartbeats expected after one interval of slack)
   * that sent {@code heartbeats}.
   */
  private static Lease closed(CloseReason reason, long heartbeats) {
    return closed(reason, 105, heartbeats);
  }

  private static Lease closed(CloseReason reason, long blocksOpen, long heartbeats) {
    return new Lease(
        Hash.sha256(new byte[] {1}),
        new Lease.Terms(
            Hash.sha256(new byte[] {2}),
            TestKeys.key("provider").address(),
            1,
            "RTX 4090",
            1,
            0,
            0,
            1,
            10,
            1),
        new Lease.Progress(LeaseStatus.CLOSED, reason, 10 + blocksOpen, 0),
        new Lease.Payments(10, 0, 0, 0),
        new Lease.Pulse(10, 0, heartbeats));
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
  void holderWhoseLastHeartbeatWasStillOnItsWayKeepsAStandardPromise() {
    // 40 blocks at the default 5-block interval: 8 intervals, the last heartbeat lost at closing.
    assertThat(
            ServiceLevel.brokePromise(
                closed(CloseReason.ALL_UNITS_DONE, 40, 7), SlaTier.STANDARD, LIVENESS))
        .isFalse();
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
            brief.terms(),
            new Lease.Progress(brief.status(), brief.closeReason(), 14, 0),
            brief.payments(),
            new Lease.Pulse(10, 0, 0));

    assertThat(ServiceLevel.brokePromise(shortLived, SlaTier.PREMIUM, LIVENESS)).isFalse();
  }
}
