package io.gridwork.chain.market;

import static io.gridwork.chain.market.MarketHarness.FEE;
import static io.gridwork.chain.market.MarketHarness.GRID;
import static io.gridwork.chain.market.MarketHarness.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.gridwork.chain.exec.TxResult;
import io.gridwork.chain.genesis.LivenessParams;
import io.gridwork.chain.reputation.ProviderStats;
import io.gridwork.chain.reputation.Reputation;
import io.gridwork.chain.state.Keys;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.event.BiddingReopened;
import io.gridwork.protocol.event.LeaseClosed;
import io.gridwork.protocol.event.LeaseResumed;
import io.gridwork.protocol.event.LeaseSuspended;
import io.gridwork.protocol.event.UnitRequeued;
import io.gridwork.protocol.market.CloseReason;
import io.gridwork.protocol.market.JobStatus;
import io.gridwork.protocol.market.LeaseStatus;
import io.gridwork.testkit.JobSpecBuilder;
import org.junit.jupiter.api.Test;

class LivenessTest {
  private static final long PRICE = 300_000;
  private static final LivenessParams LIVENESS = LivenessParams.defaults();
  private static final long GRACE = LIVENESS.heartbeatGraceBlocks();
  private static final long TIMEOUT = LIVENESS.heartbeatTimeoutBlocks();

  private final MarketHarness m = new MarketHarness();
  private final Hash job;
  private final Hash lease;
  private final long opened;

  LivenessTest() {
    m.registerAll(2);
    job = m.createJob(JobSpecBuilder.batch(3, GRID, 3 * GRID).build());
    m.bidOk(m.p1, job, PRICE, 3);
    m.closeAuction(job);
    lease = m.leaseId(job, m.p1);
    opened = m.chain.height();
  }

  private TxResult heartbeat() {
    return m.run(m.chain.txs.heartbeat(m.p1, lease));
  }

  @Test
  void openingALeaseCountsAsAHeartbeat() {
    Lease opening = m.lease(job, m.p1);

    assertThat(opening.lastHeartbeatHeight()).isEqualTo(opened);
    assertThat(opening.heartbeatDueHeight()).isEqualTo(opened + GRACE);
    assertThat(m.chain.state.get(Keys.heartbeatDue(opened + GRACE, lease))).isNotNull();
  }

  @Test
  void leaseHeartbeatingEveryIntervalIsNeverSuspended() {
    m.advanceBeating(opened + 10 * TIMEOUT, m.p1, lease);

    assertThat(m.lease(job, m.p1).status()).isEqualTo(LeaseStatus.ACTIVE);
    assertThat(m.blockEvents(LeaseSuspended.class)).isEmpty();
  }

  @Test
  void heartbeatAtTheLastBlockOfTheGraceChangesNothing() {
    m.advanceTo(opened + GRACE - 1);

    heartbeat();

    Lease lease = m.lease(job, m.p1);
    assertThat(lease.status()).isEqualTo(LeaseStatus.ACTIVE);
    assertThat(lease.heartbeatDueHeight()).isEqualTo(opened + 2 * GRACE);
    assertThat(m.blockEvents(LeaseSuspended.class)).isEmpty();
  }

  @Test
  void heartbeatMovesTheLeasesEntryInTheHeartbeatIndex() {
    heartbeat();

    assertThat(m.chain.state.get(Keys.heartbeatDue(opened + GRACE, lease))).isNull();
    assertThat(m.chain.state.get(Keys.heartbeatDue(opened + 1 + GRACE, lease))).isNotNull();
  }

  @Test
  void silenceBeyondTheGraceSuspendsTheLease() {
    m.advanceTo(opened + GRACE - 1);
    assertThat(m.lease(job, m.p1).status()).isEqualTo(LeaseStatus.ACTIVE);

    m.block();

    Lease suspended = m.lease(job, m.p1);
    assertThat(suspended.status()).isEqualTo(LeaseStatus.SUSPENDED);
    assertThat(suspended.active()).isTrue();
    assertThat(suspended.heartbeatDueHeight()).isEqualTo(opened + TIMEOUT);
    assertThat(m.blockEvents(LeaseSuspended.class))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e)
                    .returns(lease, LeaseSuspended::leaseId)
                    .returns(job, LeaseSuspended::jobId)
                    .returns(m.p1.address(), LeaseSuspended::provider)
                    .returns(opened, LeaseSuspended::lastHeartbeat));
  }

  @Test
  void heartbeatResumesASuspendedLease() {
    m.advanceTo(opened + GRACE + 5);

    TxResult result = heartbeat();

    Lease resumed = m.lease(job, m.p1);
    assertThat(result.code()).isEqualTo("OK");
    assertThat(resumed.status()).isEqualTo(LeaseStatus.ACTIVE);
    assertThat(resumed.heartbeatDueHeight()).isEqualTo(m.chain.height() + GRACE);
    assertThat(m.chain.state.get(Keys.heartbeatDue(opened + TIMEOUT, lease))).isNull();
    assertThat(result.events())
        .filteredOn(LeaseResumed.class::isInstance)
        .map(LeaseResumed.class::cast)
        .singleElement()
        .satisfies(e -> assertThat(e).returns(lease, LeaseResumed::leaseId));
  }

  @Test
  void unitResultResumesASuspendedLease() {
    m.advanceTo(opened + GRACE);

    TxResult result = m.run(m.chain.txs.unitResult(m.p1, lease, 0, output(0)));

    assertThat(result.code()).isEqualTo("OK");
    assertThat(m.lease(job, m.p1).status()).isEqualTo(LeaseStatus.ACTIVE);
    assertThat(m.lease(job, m.p1).heartbeatDueHeight()).isEqualTo(m.chain.height() + GRACE);
    assertThat(result.events()).hasAtLeastOneElementOfType(LeaseResumed.class);
  }

  @Test
  void suspendedLeaseClosesAtTheTimeoutWithHeartbeatTimeout() {
    m.advanceTo(opened + TIMEOUT - 1);
    assertThat(m.lease(job, m.p1).status()).isEqualTo(LeaseStatus.SUSPENDED);

    m.block();

    Lease closed = m.lease(job, m.p1);
    assertThat(closed.status()).isEqualTo(LeaseStatus.CLOSED);
    assertThat(closed.closeReason()).isEqualTo(CloseReason.HEARTBEAT_TIMEOUT);
    assertThat(closed.closedHeight()).isEqualTo(opened + TIMEOUT);
    assertThat(closed.heartbeatDueHeight()).isZero();
    assertThat(m.blockEvents(LeaseClosed.class).getLast())
        .returns(CloseReason.HEARTBEAT_TIMEOUT, LeaseClosed::reason);
  }

  @Test
  void timedOutLeaseReturnsItsCollateralAndFreesItsGpus() {
    long before = m.balance(m.p1);

    m.advanceTo(opened + TIMEOUT);

    assertThat(m.balance(m.p1)).isEqualTo(before + m.market.bidCollateral());
    assertThat(MarketStore.gpusInUse(m.chain.state, m.p1.address())).isEmpty();
  }

  @Test
  void timedOutUnitsGoBackToAuctionAndAnotherProvidersBidPicksThemUp() {
    m.run(m.chain.txs.unitResult(m.p1, lease, 0, output(0)));
    m.advanceTo(opened + 1 + TIMEOUT);
    assertThat(m.lease(job, m.p1).closeReason()).isEqualTo(CloseReason.HEARTBEAT_TIMEOUT);
    assertThat(Market.units(m.chain.state, job)).extracting(UnitState::unit).containsExactly(0);
    assertThat(m.job(job).bidding()).isTrue();
    assertThat(m.blockEvents(BiddingReopened.class).getLast()).returns(2, BiddingReopened::units);

    m.bidOk(m.p2, job, PRICE, 5);
    m.closeAuction(job);

    assertThat(Market.units(m.chain.state, job))
        .filteredOn(u -> u.leaseId().equals(m.leaseId(job, m.p2)))
        .extracting(UnitState::unit)
        .containsExactly(1, 2);
  }

  @Test
  void eachUnitATimeoutSendsBackToAuctionIsAnnouncedWithTheReason() {
    m.run(m.chain.txs.unitResult(m.p1, lease, 0, output(0)));

    m.advanceTo(opened + 1 + TIMEOUT);

    assertThat(m.blockEvents(UnitRequeued.class))
        .extracting(UnitRequeued::unit, UnitRequeued::reason)
        .containsExactly(
            tuple(1, CloseReason.HEARTBEAT_TIMEOUT), tuple(2, CloseReason.HEARTBEAT_TIMEOUT));
  }

  @Test
  void buyerPaysOnlyForTheUnitsThatWereReported() {
    long buyerBefore = m.balance(m.buyer);
    m.run(m.chain.txs.unitResult(m.p1, lease, 0, output(0)));
    m.advanceTo(opened + 1 + TIMEOUT);
    m.bidOk(m.p2, job, PRICE, 5);
    m.closeAuction(job);
    Hash second = m.leaseId(job, m.p2);
    m.run(m.chain.txs.unitResult(m.p2, second, 1, output(1)));
    m.run(m.chain.txs.unitResult(m.p2, second, 2, output(2)));
    m.advanceTo(m.chain.height() + m.chain.params().audit().challengeWindowBlocks());

    assertThat(m.job(job).status()).isEqualTo(JobStatus.DONE);
    assertThat(m.lease(job, m.p1).paid()).isEqualTo(PRICE);
    assertThat(m.lease(job, m.p2).paid()).isEqualTo(2 * PRICE);
    assertThat(m.balance(m.buyer)).isEqualTo(buyerBefore + 3 * GRID - 3 * PRICE);
  }

  @Test
  void timedOutProviderCannotReportAnyMore() {
    m.advanceTo(opened + TIMEOUT);

    assertThat(m.run(m.chain.txs.unitResult(m.p1, lease, 0, output(0))).code())
        .isEqualTo("LEASE_CLOSED");
  }

  @Test
  void heartbeatsAreCountedOncePerBlock() {
    m.block(m.chain.txs.heartbeat(m.p1, lease), m.chain.txs.heartbeat(m.p1, lease));
    heartbeat();

    assertThat(m.lease(job, m.p1).heartbeats()).isEqualTo(2);
  }

  @Test
  void heartbeatOnASuspendedLeaseFromAnotherProviderIsNotLeaseHolder() {
    m.advanceTo(opened + GRACE);

    assertThat(m.run(m.chain.txs.heartbeat(m.p2, lease)).code()).isEqualTo("NOT_LEASE_HOLDER");
    assertThat(m.lease(job, m.p1).status()).isEqualTo(LeaseStatus.SUSPENDED);
  }

  @Test
  void holderMayGiveUpASuspendedLease() {
    m.advanceTo(opened + GRACE);

    TxResult result = m.run(m.chain.txs.closeLease(m.p1, lease));

    assertThat(result.code()).isEqualTo("OK");
    assertThat(m.lease(job, m.p1).closeReason()).isEqualTo(CloseReason.PROVIDER_CLOSED);
    assertThat(m.chain.state.get(Keys.heartbeatDue(opened + TIMEOUT, lease))).isNull();
  }

  @Test
  void heartbeatCostsOnlyItsFee() {
    long before = m.balance(m.p1);

    heartbeat();

    assertThat(m.balance(m.p1)).isEqualTo(before - FEE);
  }

  @Test
  void unitResultKeepsTheLeaseAliveWithoutCountingAsAHeartbeat() {
    m.advanceTo(opened + GRACE - 1);

    m.run(m.chain.txs.unitResult(m.p1, lease, 0, output(0)));
    m.advanceTo(opened + 2 * GRACE - 1);

    Lease alive = m.lease(job, m.p1);
    assertThat(alive.status()).isEqualTo(LeaseStatus.ACTIVE);
    assertThat(alive.lastHeartbeatHeight()).isEqualTo(opened);
    assertThat(alive.heartbeats()).isZero();
  }

  @Test
  void everyBlockWithAHeartbeatCountsInTheProvidersReputation() {
    heartbeat();
    heartbeat();

    assertThat(Reputation.stats(m.chain.state, m.p1.address()).heartbeatsReceived()).isEqualTo(2);
  }

  @Test
  void timeoutAddsTheHeartbeatsTheLeaseShouldHaveSentAndItsAbandonedUnits() {
    m.run(m.chain.txs.unitResult(m.p1, lease, 0, output(0)));

    m.advanceTo(opened + 1 + TIMEOUT);

    ProviderStats stats = Reputation.stats(m.chain.state, m.p1.address());
    assertThat(stats.heartbeatsExpected())
        .isEqualTo((1 + TIMEOUT) / LIVENESS.heartbeatIntervalBlocks() - 1);
    assertThat(stats.heartbeatsReceived()).isZero();
    assertThat(stats.unitsAbandoned()).isEqualTo(2);
  }

  @Test
  void givingUpALeaseAbandonsItsUnreportedUnits() {
    m.run(m.chain.txs.closeLease(m.p1, lease));

    assertThat(Reputation.stats(m.chain.state, m.p1.address()).unitsAbandoned()).isEqualTo(3);
  }
}
