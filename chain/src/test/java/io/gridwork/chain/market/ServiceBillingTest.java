package io.gridwork.chain.market;

import static io.gridwork.chain.market.MarketHarness.FEE;
import static io.gridwork.chain.market.MarketHarness.GRID;
import static io.gridwork.chain.market.MarketHarness.STAKE;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.exec.TxResult;
import io.gridwork.chain.genesis.LivenessParams;
import io.gridwork.chain.state.Keys;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.event.BillingStarted;
import io.gridwork.protocol.event.LeaseResumed;
import io.gridwork.protocol.event.ServiceCharged;
import io.gridwork.protocol.market.CloseReason;
import io.gridwork.protocol.market.LeaseStatus;
import io.gridwork.protocol.spec.SlaTier;
import io.gridwork.testkit.JobSpecBuilder;
import org.junit.jupiter.api.Test;

/** A service lease costs its buyer nothing until its first heartbeat shows it serves. */
class ServiceBillingTest {
  /** 3.6 GRID per GPU-hour is exactly 1,000ugrid per one-second block. */
  private static final long PRICE = 3_600_000;

  private static final long RATE = 1_000;
  private static final long DEPOSIT = 4 * GRID;
  private static final LivenessParams LIVENESS = LivenessParams.defaults();
  private static final long GRACE = LIVENESS.heartbeatGraceBlocks();
  private static final long TIMEOUT = LIVENESS.heartbeatTimeoutBlocks();

  private final MarketHarness m = new MarketHarness();

  ServiceBillingTest() {
    m.registerAll(2);
  }

  /** A service of {@code sla} leased to p1 at {@code price}; returns the job. */
  private Hash leased(SlaTier sla, long price) {
    Hash job = m.createJob(JobSpecBuilder.service(price, DEPOSIT).sla(sla).build());
    m.bidOk(m.p1, job, price, 0);
    m.closeAuction(job);
    return job;
  }

  private Hash leased() {
    return leased(SlaTier.BEST_EFFORT, PRICE);
  }

  private TxResult heartbeat(Hash job) {
    return m.run(m.chain.txs.heartbeat(m.p1, m.leaseId(job, m.p1)));
  }

  @Test
  void serviceIsNotChargedBeforeItsFirstHeartbeat() {
    Hash job = leased();
    long opened = m.chain.height();

    m.advanceTo(opened + GRACE - 1);

    Lease lease = m.lease(job, m.p1);
    assertThat(lease.paid()).isZero();
    assertThat(lease.billing()).isFalse();
    assertThat(lease.billingSince()).isZero();
    assertThat(lease.exhaustionHeight()).isZero();
    assertThat(m.job(job).escrow()).isEqualTo(DEPOSIT);
  }

  @Test
  void firstHeartbeatStartsBillingWithoutChargingTheBlocksBeforeIt() {
    Hash job = leased();
    long first = m.chain.height() + 7;
    m.advanceTo(first - 1);

    TxResult result = heartbeat(job);

    Lease lease = m.lease(job, m.p1);
    assertThat(result.code()).isEqualTo("OK");
    assertThat(lease.paid()).isZero();
    assertThat(lease.billingSince()).isEqualTo(first);
    assertThat(lease.lastSettledHeight()).isEqualTo(first);
    assertThat(result.events())
        .filteredOn(BillingStarted.class::isInstance)
        .map(BillingStarted.class::cast)
        .singleElement()
        .satisfies(
            e ->
                assertThat(e)
                    .returns(RATE, BillingStarted::ratePerBlock)
                    .returns(first + DEPOSIT / RATE, BillingStarted::exhaustionHeight));
  }

  @Test
  void serviceIsChargedForEveryBlockAfterItsFirstHeartbeat() {
    Hash job = leased();
    m.advanceTo(m.chain.height() + 6);
    heartbeat(job);
    long first = m.chain.height();
    m.advanceTo(first + 2);

    heartbeat(job);

    assertThat(m.lease(job, m.p1).paid()).isEqualTo(3 * RATE);
    assertThat(m.job(job).escrow()).isEqualTo(DEPOSIT - 3 * RATE);
  }

  @Test
  void onlyTheFirstHeartbeatStartsBilling() {
    Hash job = leased();
    heartbeat(job);
    long first = m.chain.height();

    TxResult second = heartbeat(job);

    assertThat(m.lease(job, m.p1).billingSince()).isEqualTo(first);
    assertThat(second.events()).noneMatch(BillingStarted.class::isInstance);
  }

  @Test
  void neverStartedServiceTimingOutChargesNothingAndOwesItsSlaCompensation() {
    Hash job = leased(SlaTier.PREMIUM, PRICE);
    long opened = m.chain.height();
    long buyerBefore = m.balance(m.buyer);

    m.advanceTo(opened + TIMEOUT);

    Lease lease = m.lease(job, m.p1);
    long compensation = LIVENESS.premiumCompensationPerGpu();
    assertThat(lease.closeReason()).isEqualTo(CloseReason.HEARTBEAT_TIMEOUT);
    assertThat(lease.paid()).isZero();
    assertThat(m.job(job).escrow()).isEqualTo(DEPOSIT);
    assertThat(m.balance(m.buyer)).isEqualTo(buyerBefore + compensation);
    assertThat(m.chain.provider(m.p1).orElseThrow().stake()).isEqualTo(STAKE - compensation);
    assertThat(m.blockEvents(ServiceCharged.class)).isEmpty();
  }

  @Test
  void neverStartedServiceIsSuspendedAfterTheGracePeriod() {
    Hash job = leased();
    long opened = m.chain.height();

    m.advanceTo(opened + GRACE);

    Lease lease = m.lease(job, m.p1);
    assertThat(lease.suspended()).isTrue();
    assertThat(lease.paid()).isZero();
  }

  @Test
  void neverStartedServiceHasNoEntryInTheExhaustionSweep() {
    Hash job = leased();

    m.advanceTo(m.chain.height() + 3);

    assertThat(MarketStore.dueUpTo(m.chain.state, Keys.ESCROW_EXHAUSTION, Long.MAX_VALUE))
        .doesNotContain(m.leaseId(job, m.p1));
  }

  @Test
  void buyerClosingBeforeTheFirstHeartbeatGetsTheWholeEscrowBack() {
    Hash job = leased();
    long buyerBefore = m.balance(m.buyer);
    m.advanceTo(m.chain.height() + 5);

    m.run(m.chain.txs.closeJob(m.buyer, job));

    assertThat(m.lease(job, m.p1).paid()).isZero();
    assertThat(m.lease(job, m.p1).closeReason()).isEqualTo(CloseReason.BUYER_CLOSED);
    assertThat(m.job(job).escrow()).isZero();
    assertThat(m.balance(m.buyer)).isEqualTo(buyerBefore - FEE + DEPOSIT);
  }

  @Test
  void providerClosingBeforeTheFirstHeartbeatChargesNothing() {
    Hash job = leased();
    m.advanceTo(m.chain.height() + 3);

    m.run(m.chain.txs.closeLease(m.p1, m.leaseId(job, m.p1)));

    assertThat(m.lease(job, m.p1).paid()).isZero();
    assertThat(m.job(job).escrow()).isEqualTo(DEPOSIT);
    assertThat(m.job(job).bidding()).isTrue();
  }

  @Test
  void lateFirstHeartbeatMovesTheExhaustionSweepToWhereTheWholeEscrowRunsOut() {
    Hash job = leased();
    long first = m.chain.height() + 10;
    m.advanceTo(first - 1);
    heartbeat(job);
    long exhaustedAt = first + DEPOSIT / RATE;
    assertThat(m.chain.state.get(Keys.escrowExhaustion(exhaustedAt, m.leaseId(job, m.p1))))
        .isNotNull();
    m.advanceBeating(exhaustedAt - 1, m.p1, m.leaseId(job, m.p1));
    assertThat(m.lease(job, m.p1).active()).isTrue();

    m.block();

    Lease lease = m.lease(job, m.p1);
    assertThat(lease.closeReason()).isEqualTo(CloseReason.ESCROW_EXHAUSTED);
    assertThat(lease.closedHeight()).isEqualTo(exhaustedAt);
    assertThat(lease.paid()).isEqualTo(DEPOSIT);
  }

  @Test
  void firstHeartbeatAfterSuspensionResumesTheLeaseAndStartsBilling() {
    Hash job = leased();
    long first = m.chain.height() + GRACE + 3;
    m.advanceTo(first - 1);

    TxResult result = heartbeat(job);

    Lease lease = m.lease(job, m.p1);
    assertThat(result.events())
        .hasAtLeastOneElementOfType(LeaseResumed.class)
        .hasAtLeastOneElementOfType(BillingStarted.class);
    assertThat(lease.status()).isEqualTo(LeaseStatus.ACTIVE);
    assertThat(lease.paid()).isZero();
    assertThat(lease.billingSince()).isEqualTo(first);
    assertThat(lease.exhaustionHeight()).isEqualTo(first + DEPOSIT / RATE);
  }

  @Test
  void depositBeforeTheFirstHeartbeatChargesNothingAndSchedulesNoSweep() {
    Hash job = leased();
    m.advanceTo(m.chain.height() + 3);

    m.run(m.chain.txs.depositMore(m.buyer, job, GRID));

    Lease lease = m.lease(job, m.p1);
    assertThat(lease.paid()).isZero();
    assertThat(lease.exhaustionHeight()).isZero();
    assertThat(m.job(job).escrow()).isEqualTo(DEPOSIT + GRID);
  }

  @Test
  void depositBeforeTheFirstHeartbeatCountsTowardsTheSweepOnceBillingStarts() {
    Hash job = leased();
    m.run(m.chain.txs.depositMore(m.buyer, job, GRID));

    heartbeat(job);

    long first = m.chain.height();
    assertThat(m.lease(job, m.p1).exhaustionHeight()).isEqualTo(first + (DEPOSIT + GRID) / RATE);
  }
}
