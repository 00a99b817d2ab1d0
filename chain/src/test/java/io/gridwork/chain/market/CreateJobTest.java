package io.gridwork.chain.market;

import static io.gridwork.chain.market.MarketHarness.FEE;
import static io.gridwork.chain.market.MarketHarness.GRID;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.exec.TxResult;
import io.gridwork.chain.genesis.MarketParams;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.event.JobCreated;
import io.gridwork.protocol.market.JobStatus;
import io.gridwork.protocol.tx.JobIds;
import io.gridwork.testkit.JobSpecBuilder;
import org.junit.jupiter.api.Test;

class CreateJobTest {
  private final MarketHarness m = new MarketHarness();

  @Test
  void createJobMovesTheDepositIntoEscrowUnderTheIdTheClientPredicted() {
    Hash predicted = JobIds.jobId(m.buyer.address(), 0);

    TxResult result =
        m.run(m.chain.txs.createJob(m.buyer, JobSpecBuilder.batch(4, GRID, 5 * GRID).build()));

    assertThat(result.code()).isEqualTo("OK");
    Job job = m.job(predicted);
    assertThat(job.buyer()).isEqualTo(m.buyer.address());
    assertThat(job.escrow()).isEqualTo(5 * GRID);
    assertThat(job.status()).isEqualTo(JobStatus.OPEN);
    assertThat(job.units()).isEqualTo(4);
    assertThat(job.biddingClosesAt()).isEqualTo(1 + m.market.bidWindowBlocks());
    assertThat(m.balance(m.buyer)).isEqualTo(MarketHarness.START - FEE - 5 * GRID);
    assertThat(result.events())
        .filteredOn(JobCreated.class::isInstance)
        .map(JobCreated.class::cast)
        .singleElement()
        .satisfies(e -> assertThat(e).returns(predicted, JobCreated::jobId));
  }

  @Test
  void invalidSpecIsRejectedNamingTheField() {
    TxResult result =
        m.run(
            m.chain.txs.createJob(
                m.buyer, JobSpecBuilder.batch(4, GRID, GRID).name("Bad Name").build()));

    assertThat(result.code()).isEqualTo("INVALID_JOB_SPEC");
    assertThat(result.message()).contains("name:").contains("pricing.deposit:");
    assertThat(m.balance(m.buyer)).isEqualTo(MarketHarness.START - FEE);
  }

  @Test
  void depositBelowTheChainsMinimumIsRejected() {
    MarketParams d = MarketParams.defaults();
    MarketHarness strict =
        new MarketHarness(
            new MarketParams(
                d.bidWindowBlocks(),
                d.maxBidsPerJob(),
                d.maxAuctionRounds(),
                10 * GRID,
                d.networkFeeBps(),
                d.bidCollateral(),
                d.nominalBlockMillis()));

    TxResult result =
        strict.run(
            strict.chain.txs.createJob(
                strict.buyer, JobSpecBuilder.batch(1, GRID, 2 * GRID).build()));

    assertThat(result.code()).isEqualTo("DEPOSIT_BELOW_MINIMUM");
    assertThat(result.message()).contains("2GRID").contains("10GRID");
  }

  @Test
  void depositBeyondTheBalanceIsInsufficientFunds() {
    TxResult result =
        m.run(m.chain.txs.createJob(m.buyer, JobSpecBuilder.batch(1, GRID, 5_000 * GRID).build()));

    assertThat(result.code()).isEqualTo("INSUFFICIENT_FUNDS");
    assertThat(result.message()).contains("deposit 5000GRID");
  }

  @Test
  void buyersJobsAreListedOldestFirst() {
    Hash first = m.createJob(JobSpecBuilder.batch(1, GRID, GRID).build());
    Hash second = m.createJob(JobSpecBuilder.batch(1, GRID, GRID).build());

    assertThat(Market.jobsByBuyer(m.chain.state, m.buyer.address()))
        .extracting(Job::id)
        .containsExactly(first, second);
    assertThat(Market.jobsByBuyer(m.chain.state, m.stranger.address())).isEmpty();
  }

  @Test
  void openJobsAreListedBySoonestAuction() {
    Hash first = m.createJob(JobSpecBuilder.batch(1, GRID, GRID).build());
    Hash second = m.createJob(JobSpecBuilder.batch(1, GRID, GRID).build());

    assertThat(Market.openJobs(m.chain.state)).extracting(Job::id).containsExactly(first, second);
  }

  @Test
  void leasesAreListedByJobAndByProvider() {
    m.registerAll(2);
    Hash job = m.createJob(JobSpecBuilder.batch(2, GRID, 2 * GRID).build());
    m.bidOk(m.p1, job, GRID, 1);
    m.bidOk(m.p2, job, GRID, 1);
    m.closeAuction(job);

    assertThat(Market.leases(m.chain.state, job))
        .extracting(Lease::id)
        .containsExactlyInAnyOrder(m.leaseId(job, m.p1), m.leaseId(job, m.p2));
    assertThat(Market.leasesByProvider(m.chain.state, m.p1.address()))
        .extracting(Lease::id)
        .containsExactly(m.leaseId(job, m.p1));
    assertThat(Market.lease(m.chain.state, m.leaseId(job, m.p3))).isEmpty();
  }
}
