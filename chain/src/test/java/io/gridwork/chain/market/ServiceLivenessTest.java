package io.gridwork.chain.market;

import static io.gridwork.chain.market.MarketHarness.GRID;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.genesis.LivenessParams;
import io.gridwork.chain.state.Keys;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.CloseReason;
import io.gridwork.protocol.market.JobStatus;
import io.gridwork.testkit.JobSpecBuilder;
import org.junit.jupiter.api.Test;

class ServiceLivenessTest {
  /** 3.6 GRID per GPU-hour is exactly 1,000ugrid per one-second block. */
  private static final long PRICE = 3_600_000;

  private static final long RATE = 1_000;
  private static final LivenessParams LIVENESS = LivenessParams.defaults();
  private static final long GRACE = LIVENESS.heartbeatGraceBlocks();
  private static final long TIMEOUT = LIVENESS.heartbeatTimeoutBlocks();

  private final MarketHarness m = new MarketHarness();
  private final Hash job;
  private final Hash lease;

  /** The height of the service's first heartbeat, from which it is charged. */
  private final long started;

  ServiceLivenessTest() {
    m.registerAll(2);
    job = m.createJob(JobSpecBuilder.service(PRICE, 4 * GRID).build());
    m.bidOk(m.p1, job, PRICE, 0);
    m.closeAuction(job);
    lease = m.leaseId(job, m.p1);
    m.run(m.chain.txs.heartbeat(m.p1, lease));
    started = m.chain.height();
  }

  @Test
  void suspensionChargesUpToTheSuspensionPointAndLeavesTheExhaustionSweep() {
    long exhaustion = m.lease(job, m.p1).exhaustionHeight();

    m.advanceTo(started + GRACE);

    Lease suspended = m.lease(job, m.p1);
    assertThat(suspended.paid()).isEqualTo(GRACE * RATE);
    assertThat(suspended.lastSettledHeight()).isEqualTo(started + GRACE);
    assertThat(suspended.exhaustionHeight()).isZero();
    assertThat(m.chain.state.get(Keys.escrowExhaustion(exhaustion, lease))).isNull();
  }

  @Test
  void serviceIsNotChargedForTheBlocksItSpentSuspended() {
    long resumedAt = started + GRACE + 10;
    m.advanceTo(resumedAt - 1);

    m.run(m.chain.txs.heartbeat(m.p1, lease));
    m.advanceTo(resumedAt + 4);
    m.run(m.chain.txs.heartbeat(m.p1, lease));

    Lease lease = m.lease(job, m.p1);
    assertThat(lease.paid()).isEqualTo(GRACE * RATE + 5 * RATE);
    assertThat(m.job(job).escrow()).isEqualTo(4 * GRID - lease.paid());
  }

  @Test
  void resumedServiceIsSweptWhereItsRemainingEscrowRunsOut() {
    long resumedAt = started + GRACE + 10;
    m.advanceTo(resumedAt - 1);

    m.run(m.chain.txs.heartbeat(m.p1, lease));

    long exhaustion = resumedAt + (4 * GRID - GRACE * RATE) / RATE;
    assertThat(m.lease(job, m.p1).exhaustionHeight()).isEqualTo(exhaustion);
    assertThat(m.chain.state.get(Keys.escrowExhaustion(exhaustion, lease))).isNotNull();
  }

  @Test
  void depositIntoASuspendedServiceChargesNothingAndSchedulesNoSweep() {
    m.advanceTo(started + GRACE + 2);

    m.run(m.chain.txs.depositMore(m.buyer, job, GRID));

    Lease suspended = m.lease(job, m.p1);
    assertThat(suspended.paid()).isEqualTo(GRACE * RATE);
    assertThat(suspended.exhaustionHeight()).isZero();
  }

  @Test
  void timedOutServiceClosesItsLeaseAndReopensBidding() {
    m.advanceTo(started + TIMEOUT);

    assertThat(m.lease(job, m.p1).closeReason()).isEqualTo(CloseReason.HEARTBEAT_TIMEOUT);
    assertThat(m.lease(job, m.p1).paid()).isEqualTo(GRACE * RATE);
    assertThat(m.job(job).status()).isEqualTo(JobStatus.OPEN);
    assertThat(m.job(job).bidding()).isTrue();

    m.bidOk(m.p2, job, PRICE, 0);
    m.closeAuction(job);

    assertThat(m.lease(job, m.p2).active()).isTrue();
  }

  @Test
  void buyerClosingASuspendedServicePaysNothingForTheSuspendedBlocks() {
    long buyerBefore = m.balance(m.buyer);
    m.advanceTo(started + GRACE + 7);

    m.run(m.chain.txs.closeJob(m.buyer, job));

    assertThat(m.lease(job, m.p1).paid()).isEqualTo(GRACE * RATE);
    assertThat(m.balance(m.buyer))
        .isEqualTo(buyerBefore - MarketHarness.FEE + 4 * GRID - GRACE * RATE);
  }
}
