package io.gridwork.chain.market;

import static io.gridwork.chain.market.MarketHarness.FEE;
import static io.gridwork.chain.market.MarketHarness.GRID;
import static io.gridwork.chain.market.MarketHarness.output;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.exec.TxResult;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.event.BiddingReopened;
import io.gridwork.protocol.market.CloseReason;
import io.gridwork.protocol.market.JobStatus;
import io.gridwork.testkit.JobSpecBuilder;
import org.junit.jupiter.api.Test;

class ClosingTest {
  private final MarketHarness m = new MarketHarness();

  ClosingTest() {
    m.registerAll(2);
  }

  private Hash leasedBatch(int units) {
    Hash job = m.createJob(JobSpecBuilder.batch(units, GRID, units * GRID).build());
    m.bidOk(m.p1, job, GRID / 2, units);
    m.closeAuction(job);
    return job;
  }

  @Test
  void closeJobRefundsUnusedEscrowAndReturnsCollateral() {
    Hash job = leasedBatch(2);
    m.run(m.chain.txs.unitResult(m.p1, m.leaseId(job, m.p1), 0, output(0)));
    long buyerBefore = m.balance(m.buyer);
    long p1Before = m.balance(m.p1);

    TxResult result = m.run(m.chain.txs.closeJob(m.buyer, job));

    assertThat(result.code()).isEqualTo("OK");
    assertThat(m.balance(m.buyer)).isEqualTo(buyerBefore - FEE + 2 * GRID - GRID / 2);
    assertThat(m.balance(m.p1)).isEqualTo(p1Before + m.market.bidCollateral());
    Job closed = m.job(job);
    assertThat(closed.status()).isEqualTo(JobStatus.CLOSED);
    assertThat(closed.closeReason()).isEqualTo(CloseReason.BUYER_CLOSED);
    assertThat(closed.closedHeight()).isEqualTo(m.chain.height());
    assertThat(m.lease(job, m.p1).closeReason()).isEqualTo(CloseReason.BUYER_CLOSED);
  }

  @Test
  void closeJobWhileBiddingReturnsTheBids() {
    Hash job = m.createJob(JobSpecBuilder.batch(2, GRID, 2 * GRID).build());
    m.bidOk(m.p1, job, GRID, 2);
    long p1Before = m.balance(m.p1);

    m.run(m.chain.txs.closeJob(m.buyer, job));

    assertThat(m.balance(m.p1)).isEqualTo(p1Before + m.market.bidCollateral());
    assertThat(Market.bids(m.chain.state, job)).isEmpty();
    assertThat(Market.openJobs(m.chain.state)).isEmpty();
  }

  @Test
  void closeJobSettlesAServiceUpToThisBlock() {
    Hash job = m.createJob(JobSpecBuilder.service(3_600_000, 4 * GRID).build());
    m.bidOk(m.p1, job, 3_600_000, 0);
    m.closeAuction(job);
    m.run(m.chain.txs.heartbeat(m.p1, m.leaseId(job, m.p1)));
    long started = m.chain.height();
    m.advanceTo(started + 9);

    m.run(m.chain.txs.closeJob(m.buyer, job));

    assertThat(m.lease(job, m.p1).paid()).isEqualTo(10 * 1_000);
    assertThat(m.lease(job, m.p1).closeReason()).isEqualTo(CloseReason.BUYER_CLOSED);
  }

  @Test
  void closeJobByAnotherAccountIsNotJobBuyer() {
    Hash job = leasedBatch(1);

    TxResult result = m.run(m.chain.txs.closeJob(m.stranger, job));

    assertThat(result.code()).isEqualTo("NOT_JOB_BUYER");
    assertThat(m.job(job).status()).isEqualTo(JobStatus.ACTIVE);
  }

  @Test
  void closingAClosedJobIsJobFinished() {
    Hash job = leasedBatch(1);
    m.run(m.chain.txs.closeJob(m.buyer, job));

    assertThat(m.run(m.chain.txs.closeJob(m.buyer, job)).code()).isEqualTo("JOB_FINISHED");
  }

  @Test
  void closeJobOfAnUnknownJobIsJobNotFound() {
    assertThat(m.run(m.chain.txs.closeJob(m.buyer, output(1))).code()).isEqualTo("JOB_NOT_FOUND");
  }

  @Test
  void closeLeaseSendsUnfinishedUnitsBackToAuction() {
    Hash job = leasedBatch(3);
    Hash lease = m.leaseId(job, m.p1);
    m.run(m.chain.txs.unitResult(m.p1, lease, 0, output(0)));

    TxResult result = m.run(m.chain.txs.closeLease(m.p1, lease));

    assertThat(result.code()).isEqualTo("OK");
    assertThat(m.lease(job, m.p1).closeReason()).isEqualTo(CloseReason.PROVIDER_CLOSED);
    assertThat(Market.units(m.chain.state, job)).extracting(UnitState::unit).containsExactly(0);
    assertThat(m.job(job).status()).isEqualTo(JobStatus.OPEN);
    assertThat(m.job(job).bidding()).isTrue();
    assertThat(result.events())
        .filteredOn(BiddingReopened.class::isInstance)
        .map(BiddingReopened.class::cast)
        .singleElement()
        .satisfies(e -> assertThat(e).returns(2, BiddingReopened::units));

    m.bidOk(m.p2, job, GRID, 5);
    m.closeAuction(job);

    assertThat(Market.units(m.chain.state, job))
        .filteredOn(u -> u.leaseId().equals(m.leaseId(job, m.p2)))
        .extracting(UnitState::unit)
        .containsExactly(1, 2);
  }

  @Test
  void providerThatClosedItsLeaseCannotBidOnTheJobAgain() {
    Hash job = leasedBatch(2);
    m.run(m.chain.txs.closeLease(m.p1, m.leaseId(job, m.p1)));

    assertThat(m.bid(m.p1, job, GRID, 2).code()).isEqualTo("DUPLICATE_BID");
  }

  @Test
  void closeLeaseFreesTheProvidersGpus() {
    Hash job = leasedBatch(2);
    Hash other = m.createJob(JobSpecBuilder.batch(1, GRID, GRID).build());
    m.run(m.chain.txs.closeLease(m.p1, m.leaseId(job, m.p1)));

    assertThat(m.bid(m.p1, other, GRID, 1).code()).isEqualTo("OK");
  }

  @Test
  void closeLeaseOfAServiceSettlesItAndReopensBidding() {
    Hash job = m.createJob(JobSpecBuilder.service(3_600_000, 4 * GRID).build());
    m.bidOk(m.p1, job, 3_600_000, 0);
    m.closeAuction(job);
    m.run(m.chain.txs.heartbeat(m.p1, m.leaseId(job, m.p1)));
    long started = m.chain.height();
    m.advanceTo(started + 1);

    m.run(m.chain.txs.closeLease(m.p1, m.leaseId(job, m.p1)));

    assertThat(m.lease(job, m.p1).paid()).isEqualTo(2 * 1_000);
    assertThat(m.job(job).status()).isEqualTo(JobStatus.OPEN);
    assertThat(m.job(job).bidding()).isTrue();
  }

  @Test
  void closeLeaseByAnotherProviderIsNotLeaseHolder() {
    Hash job = leasedBatch(1);

    assertThat(m.run(m.chain.txs.closeLease(m.p2, m.leaseId(job, m.p1))).code())
        .isEqualTo("NOT_LEASE_HOLDER");
  }

  @Test
  void depositMoreAddsToTheEscrow() {
    Hash job = leasedBatch(1);
    long before = m.balance(m.buyer);

    TxResult result = m.run(m.chain.txs.depositMore(m.buyer, job, 3 * GRID));

    assertThat(result.code()).isEqualTo("OK");
    assertThat(m.job(job).escrow()).isEqualTo(4 * GRID);
    assertThat(m.balance(m.buyer)).isEqualTo(before - FEE - 3 * GRID);
  }

  @Test
  void depositOfNothingIsInvalidAmount() {
    Hash job = leasedBatch(1);

    assertThat(m.run(m.chain.txs.depositMore(m.buyer, job, 0)).code()).isEqualTo("INVALID_AMOUNT");
  }

  @Test
  void depositFromAnotherAccountIsNotJobBuyer() {
    Hash job = leasedBatch(1);

    assertThat(m.run(m.chain.txs.depositMore(m.stranger, job, GRID)).code())
        .isEqualTo("NOT_JOB_BUYER");
  }

  @Test
  void depositIntoAFinishedJobIsJobFinished() {
    Hash job = leasedBatch(1);
    m.run(m.chain.txs.closeJob(m.buyer, job));

    assertThat(m.run(m.chain.txs.depositMore(m.buyer, job, GRID)).code()).isEqualTo("JOB_FINISHED");
  }

  @Test
  void depositBeyondTheBalanceIsInsufficientFunds() {
    Hash job = leasedBatch(1);

    TxResult result = m.run(m.chain.txs.depositMore(m.buyer, job, 10_000 * GRID));

    assertThat(result.code()).isEqualTo("INSUFFICIENT_FUNDS");
    assertThat(result.message()).contains("deposit 10000GRID");
  }
}
