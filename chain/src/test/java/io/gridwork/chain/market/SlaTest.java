package io.gridwork.chain.market;

import static io.gridwork.chain.market.MarketHarness.FEE;
import static io.gridwork.chain.market.MarketHarness.GRID;
import static io.gridwork.chain.market.MarketHarness.STAKE;
import static io.gridwork.chain.market.MarketHarness.output;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.exec.TxResult;
import io.gridwork.chain.genesis.LivenessParams;
import io.gridwork.chain.staking.Staking;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.event.SlaCompensated;
import io.gridwork.protocol.market.CloseReason;
import io.gridwork.protocol.spec.SlaTier;
import io.gridwork.testkit.JobSpecBuilder;
import org.junit.jupiter.api.Test;

class SlaTest {
  private static final long PRICE = 300_000;
  private static final LivenessParams LIVENESS = LivenessParams.defaults();
  private static final long TIMEOUT = LIVENESS.heartbeatTimeoutBlocks();
  private static final long INTERVAL = LIVENESS.heartbeatIntervalBlocks();
  private static final long PREMIUM = LIVENESS.premiumCompensationPerGpu();
  private static final long STANDARD = LIVENESS.standardCompensationPerGpu();

  private final MarketHarness m = new MarketHarness();

  SlaTest() {
    m.registerAll(8);
  }

  private Hash leased(SlaTier sla, KeyPair provider, int units) {
    Hash job = m.createJob(JobSpecBuilder.batch(units, GRID, units * GRID).sla(sla).build());
    m.bidOk(provider, job, PRICE, units);
    m.closeAuction(job);
    return job;
  }

  private long stake(KeyPair key) {
    return m.chain.provider(key).orElseThrow().stake();
  }

  private long committed(KeyPair key) {
    return Staking.slaCommitted(m.chain.state, key.address());
  }

  @Test
  void premiumLeaseTimingOutPaysTheCompensationFromStakeToTheBuyer() {
    Hash job = leased(SlaTier.PREMIUM, m.p1, 2);
    long buyerBefore = m.balance(m.buyer);

    m.advanceTo(m.lease(job, m.p1).openedHeight() + TIMEOUT);

    assertThat(stake(m.p1)).isEqualTo(STAKE - PREMIUM);
    assertThat(m.balance(m.buyer)).isEqualTo(buyerBefore + PREMIUM);
    assertThat(committed(m.p1)).isZero();
    assertThat(m.blockEvents(SlaCompensated.class))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e)
                    .returns(m.leaseId(job, m.p1), SlaCompensated::leaseId)
                    .returns(job, SlaCompensated::jobId)
                    .returns(m.p1.address(), SlaCompensated::provider)
                    .returns(m.buyer.address(), SlaCompensated::buyer)
                    .returns(SlaTier.PREMIUM, SlaCompensated::tier)
                    .returns(PREMIUM, SlaCompensated::amount));
  }

  @Test
  void compensationIsOwedPerGpu() {
    Hash job =
        m.createJob(JobSpecBuilder.batch(1, GRID, GRID).sla(SlaTier.STANDARD).gpus(3).build());
    assertThat(m.run(m.chain.txs.placeBid(m.p1, job, PRICE, MarketHarness.GPU, 3, 1)).code())
        .isEqualTo("OK");
    assertThat(committed(m.p1)).isEqualTo(3 * STANDARD);
    m.closeAuction(job);

    m.advanceTo(m.lease(job, m.p1).openedHeight() + TIMEOUT);

    assertThat(stake(m.p1)).isEqualTo(STAKE - 3 * STANDARD);
  }

  @Test
  void bestEffortLeaseTimingOutPaysNothing() {
    Hash job = leased(SlaTier.BEST_EFFORT, m.p1, 2);
    long buyerBefore = m.balance(m.buyer);

    m.advanceTo(m.lease(job, m.p1).openedHeight() + TIMEOUT);

    assertThat(m.lease(job, m.p1).closeReason()).isEqualTo(CloseReason.HEARTBEAT_TIMEOUT);
    assertThat(stake(m.p1)).isEqualTo(STAKE);
    assertThat(m.balance(m.buyer)).isEqualTo(buyerBefore);
    assertThat(m.blockEvents(SlaCompensated.class)).isEmpty();
  }

  @Test
  void bidIsRefusedWhenTheUncommittedStakeCannotCoverTheCompensation() {
    for (int i = 0; i < 4; i++) {
      Hash covered = m.createJob(JobSpecBuilder.batch(1, GRID, GRID).sla(SlaTier.PREMIUM).build());
      m.bidOk(m.p1, covered, PRICE, 1);
    }
    Hash standard = m.createJob(JobSpecBuilder.batch(1, GRID, GRID).sla(SlaTier.STANDARD).build());
    m.bidOk(m.p1, standard, PRICE, 1);
    Hash job = m.createJob(JobSpecBuilder.batch(1, GRID, GRID).sla(SlaTier.PREMIUM).build());

    TxResult result = m.bid(m.p1, job, PRICE, 1);

    assertThat(committed(m.p1)).isEqualTo(4 * PREMIUM + STANDARD);
    assertThat(result.code()).isEqualTo("SLA_STAKE_INSUFFICIENT");
    assertThat(result.message())
        .contains("premium tier, whose lease owes 20GRID (20GRID per GPU)")
        .contains("of your stake 100GRID, 85GRID already backs your open bids and leases")
        .contains("leaving 15GRID; bond at least 5GRID more to bid");
  }

  @Test
  void bestEffortBidNeedsNoUncommittedStake() {
    for (int i = 0; i < 5; i++) {
      Hash covered = m.createJob(JobSpecBuilder.batch(1, GRID, GRID).sla(SlaTier.PREMIUM).build());
      m.bidOk(m.p1, covered, PRICE, 1);
    }
    Hash job = m.createJob(JobSpecBuilder.batch(1, GRID, GRID).build());

    assertThat(m.bid(m.p1, job, PRICE, 1).code()).isEqualTo("OK");
  }

  @Test
  void bondingMoreStakeLetsTheBidIn() {
    for (int i = 0; i < 5; i++) {
      Hash covered = m.createJob(JobSpecBuilder.batch(1, GRID, GRID).sla(SlaTier.PREMIUM).build());
      m.bidOk(m.p1, covered, PRICE, 1);
    }
    Hash job = m.createJob(JobSpecBuilder.batch(1, GRID, GRID).sla(SlaTier.STANDARD).build());
    assertThat(m.bid(m.p1, job, PRICE, 1).code()).isEqualTo("SLA_STAKE_INSUFFICIENT");

    m.run(m.chain.txs.bond(m.p1, STANDARD));

    assertThat(m.bid(m.p1, job, PRICE, 1).code()).isEqualTo("OK");
  }

  @Test
  void committedStakeMovesFromTheBidToTheLeaseAndIsReleasedWhenTheLeaseClosesNormally() {
    Hash job = m.createJob(JobSpecBuilder.batch(2, GRID, 2 * GRID).sla(SlaTier.PREMIUM).build());
    m.bidOk(m.p1, job, PRICE, 2);
    assertThat(committed(m.p1)).isEqualTo(PREMIUM);
    m.closeAuction(job);
    assertThat(committed(m.p1)).isEqualTo(PREMIUM);
    assertThat(m.lease(job, m.p1).slaStake()).isEqualTo(PREMIUM);
    long buyerBefore = m.balance(m.buyer);
    Hash lease = m.leaseId(job, m.p1);

    m.run(m.chain.txs.unitResult(m.p1, lease, 0, output(0)));
    m.run(m.chain.txs.unitResult(m.p1, lease, 1, output(1)));
    m.advanceTo(m.chain.height() + m.chain.params().audit().challengeWindowBlocks());

    assertThat(m.lease(job, m.p1).closeReason()).isEqualTo(CloseReason.ALL_UNITS_DONE);
    assertThat(committed(m.p1)).isZero();
    assertThat(stake(m.p1)).isEqualTo(STAKE);
    assertThat(m.balance(m.buyer)).isEqualTo(buyerBefore + 2 * GRID - 2 * PRICE);
    assertThat(m.blockEvents(SlaCompensated.class)).isEmpty();
  }

  @Test
  void losingBidReleasesItsCommittedStake() {
    Hash job = m.createJob(JobSpecBuilder.batch(1, GRID, GRID).sla(SlaTier.STANDARD).build());
    m.bidOk(m.p1, job, PRICE, 1);
    m.bidOk(m.p2, job, PRICE + 1, 1);
    assertThat(committed(m.p2)).isEqualTo(STANDARD);

    m.closeAuction(job);

    assertThat(committed(m.p1)).isEqualTo(STANDARD);
    assertThat(committed(m.p2)).isZero();
  }

  @Test
  void closingTheJobWhileBiddingReleasesTheCommittedStake() {
    Hash job = m.createJob(JobSpecBuilder.batch(1, GRID, GRID).sla(SlaTier.PREMIUM).build());
    m.bidOk(m.p1, job, PRICE, 1);

    m.run(m.chain.txs.closeJob(m.buyer, job));

    assertThat(committed(m.p1)).isZero();
  }

  @Test
  void leaseHeartbeatingOnTimeOwesNothingWhenTheBuyerCloses() {
    Hash job = leased(SlaTier.PREMIUM, m.p1, 2);
    Hash lease = m.leaseId(job, m.p1);
    long opened = m.lease(job, m.p1).openedHeight();
    m.advanceBeating(opened + 20 * INTERVAL, m.p1, lease);

    m.run(m.chain.txs.closeJob(m.buyer, job));

    assertThat(m.lease(job, m.p1).heartbeats()).isEqualTo(20);
    assertThat(stake(m.p1)).isEqualTo(STAKE);
    assertThat(m.blockEvents(SlaCompensated.class)).isEmpty();
  }

  @Test
  void uptimeBelowThePromiseOwesTheCompensationWhenTheLeaseCloses() {
    Hash job = leased(SlaTier.STANDARD, m.p1, 2);
    Hash lease = m.leaseId(job, m.p1);
    long opened = m.lease(job, m.p1).openedHeight();
    // One heartbeat every two intervals: never silent past the grace, but half the uptime.
    for (int beat = 1; beat <= 10; beat++) {
      m.advanceTo(opened + 2 * INTERVAL * beat - 1);
      m.run(m.chain.txs.heartbeat(m.p1, lease));
    }
    long buyerBefore = m.balance(m.buyer);

    TxResult closed = m.run(m.chain.txs.closeJob(m.buyer, job));

    assertThat(m.lease(job, m.p1).closeReason()).isEqualTo(CloseReason.BUYER_CLOSED);
    assertThat(stake(m.p1)).isEqualTo(STAKE - STANDARD);
    assertThat(m.balance(m.buyer)).isEqualTo(buyerBefore - FEE + 2 * GRID + STANDARD);
    assertThat(closed.events())
        .filteredOn(SlaCompensated.class::isInstance)
        .map(SlaCompensated.class::cast)
        .singleElement()
        .satisfies(e -> assertThat(e).returns(SlaTier.STANDARD, SlaCompensated::tier));
  }

  @Test
  void unbondingStakeThatBacksAnSlaIsRefused() {
    leased(SlaTier.PREMIUM, m.p1, 1);

    TxResult result = m.run(m.chain.txs.unbond(m.p1, STAKE - PREMIUM + 1));

    assertThat(result.code()).isEqualTo("STAKE_COMMITTED_TO_SLA");
    assertThat(result.message())
        .contains("20GRID of your 100GRID stake backs the SLA compensation")
        .contains("at most 80GRID can be unbonded");
    assertThat(m.run(m.chain.txs.unbond(m.p1, STAKE - PREMIUM)).code()).isEqualTo("OK");
  }
}
