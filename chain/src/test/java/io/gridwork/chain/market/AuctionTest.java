package io.gridwork.chain.market;

import static io.gridwork.chain.market.MarketHarness.FEE;
import static io.gridwork.chain.market.MarketHarness.GRID;
import static io.gridwork.chain.market.MarketHarness.output;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.genesis.AuditParams;
import io.gridwork.chain.state.MemoryState;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.event.AuctionClosed;
import io.gridwork.protocol.event.CollateralReturned;
import io.gridwork.protocol.event.JobClosed;
import io.gridwork.protocol.market.CloseReason;
import io.gridwork.protocol.market.JobStatus;
import io.gridwork.testkit.JobSpecBuilder;
import io.gridwork.testkit.TestKeys;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuctionTest {
  private final MarketHarness m = new MarketHarness();

  /** Ranks bids of providers nobody knows anything about, so only price and the tie-break count. */
  private static List<Bid> rankedAmongStrangers(List<Bid> bids) {
    return Auction.ranked(new MemoryState(), bids, 0, AuditParams.defaults());
  }

  private static List<Integer> unitsOf(MarketHarness m, Hash job, Hash lease) {
    return Market.units(m.chain.state, job).stream()
        .filter(u -> u.leaseId().equals(lease))
        .map(UnitState::unit)
        .toList();
  }

  @Test
  void auctionRunsAtTheEndOfTheBlockTheWindowCloses() {
    m.registerAll(2);
    Hash job = m.createJob(JobSpecBuilder.batch(2, GRID, 2 * GRID).build());
    long closesAt = m.job(job).biddingClosesAt();
    m.bidOk(m.p1, job, GRID, 2);
    m.advanceTo(closesAt - 1);
    assertThat(m.job(job).status()).isEqualTo(JobStatus.OPEN);

    m.block();

    assertThat(closesAt).isEqualTo(1 + 3 + m.market.bidWindowBlocks());
    assertThat(m.job(job).status()).isEqualTo(JobStatus.ACTIVE);
    assertThat(m.job(job).bidding()).isFalse();
    assertThat(Market.openJobs(m.chain.state)).isEmpty();
  }

  @Test
  void cheapestBidWinsAServiceAndTheOthersGetTheirCollateralBack() {
    m.registerAll(2);
    Hash job = m.createJob(JobSpecBuilder.service(2 * GRID, 10 * GRID).build());
    m.bidOk(m.p1, job, GRID, 0);
    m.bidOk(m.p2, job, GRID / 2, 0);
    m.bidOk(m.p3, job, GRID + 1, 0);

    m.closeAuction(job);

    assertThat(Market.leases(m.chain.state, job))
        .singleElement()
        .satisfies(l -> assertThat(l.provider()).isEqualTo(m.p2.address()));
    assertThat(m.balance(m.p1)).isEqualTo(MarketHarness.START - MarketHarness.STAKE - 2 * FEE);
    assertThat(Market.bids(m.chain.state, job)).isEmpty();
    assertThat(m.blockEvents(CollateralReturned.class)).hasSize(2);
  }

  @Test
  void equalPricesAreOrderedByTheHashOfJobAndProvider() {
    Hash job = Hash.sha256(new byte[] {7});
    List<Bid> bids =
        TestKeys.keys("tie", 6).stream()
            .map(k -> new Bid(job, k.address(), 5, "gpu", 1, 1, 0, 1, 0))
            .toList();

    List<Bid> ranked = rankedAmongStrangers(bids);

    List<Hash> keys = ranked.stream().map(Auction::tieBreak).toList();
    assertThat(keys).isSorted();
    assertThat(Auction.tieBreak(ranked.get(0)))
        .isEqualTo(Hash.sha256(job.bytes(), ranked.get(0).provider().bytes()));
  }

  @Test
  void priceComesBeforeTheTieBreak() {
    Hash job = Hash.sha256(new byte[] {7});
    List<Address> providers = TestKeys.keys("tie", 2).stream().map(k -> k.address()).toList();
    Bid dear = new Bid(job, providers.get(0), 6, "gpu", 1, 1, 0, 1, 0);
    Bid cheap = new Bid(job, providers.get(1), 5, "gpu", 1, 1, 0, 1, 0);

    assertThat(rankedAmongStrangers(List.of(dear, cheap))).containsExactly(cheap, dear);
  }

  @Test
  void equalServiceBidsGoToTheLowerTieBreakHash() {
    m.registerAll(2);
    Hash job = m.createJob(JobSpecBuilder.service(2 * GRID, 10 * GRID).build());
    m.bidOk(m.p1, job, GRID, 0);
    m.bidOk(m.p2, job, GRID, 0);
    Bid first =
        Auction.ranked(
                m.chain.state,
                Market.bids(m.chain.state, job),
                m.job(job).biddingClosesAt(),
                AuditParams.defaults())
            .get(0);

    m.closeAuction(job);

    assertThat(Market.leases(m.chain.state, job))
        .singleElement()
        .satisfies(l -> assertThat(l.provider()).isEqualTo(first.provider()));
  }

  @Test
  void batchUnitsAreSplitAcrossProvidersInPriceOrderUpToTheirMaxUnits() {
    m.registerAll(2);
    Hash job = m.createJob(JobSpecBuilder.batch(5, GRID, 5 * GRID).build());
    m.bidOk(m.p1, job, GRID / 2, 2);
    m.bidOk(m.p2, job, GRID / 4, 2);
    m.bidOk(m.p3, job, GRID, 5);

    m.closeAuction(job);

    assertThat(unitsOf(m, job, m.leaseId(job, m.p2))).containsExactly(0, 1);
    assertThat(unitsOf(m, job, m.leaseId(job, m.p1))).containsExactly(2, 3);
    assertThat(unitsOf(m, job, m.leaseId(job, m.p3))).containsExactly(4);
    assertThat(m.lease(job, m.p3).unitsAssigned()).isEqualTo(1);
    assertThat(m.job(job).activeLeases()).isEqualTo(3);
    AuctionClosed closed = m.blockEvents(AuctionClosed.class).get(0);
    assertThat(closed)
        .returns(List.of(m.p2.address(), m.p1.address(), m.p3.address()), AuctionClosed::winners)
        .returns(0, AuctionClosed::unitsLeft);
  }

  @Test
  void bidsNotNeededLoseAndGetTheirCollateralBack() {
    m.registerAll(2);
    Hash job = m.createJob(JobSpecBuilder.batch(2, GRID, 2 * GRID).build());
    m.bidOk(m.p1, job, GRID / 2, 2);
    m.bidOk(m.p2, job, GRID, 2);

    m.closeAuction(job);

    assertThat(Market.leases(m.chain.state, job)).hasSize(1);
    assertThat(m.balance(m.p2)).isEqualTo(MarketHarness.START - MarketHarness.STAKE - 2 * FEE);
  }

  @Test
  void leftoverUnitsAreAuctionedAgainInANewWindow() {
    m.registerAll(2);
    Hash job = m.createJob(JobSpecBuilder.batch(3, GRID, 3 * GRID).build());
    m.bidOk(m.p1, job, GRID, 2);
    m.closeAuction(job);
    long reopenedAt = m.chain.height();

    assertThat(m.job(job).bidding()).isTrue();
    assertThat(m.job(job).biddingClosesAt()).isEqualTo(reopenedAt + m.market.bidWindowBlocks());
    assertThat(m.job(job).auctionRound()).as("a round that placed work resets the count").isZero();
    assertThat(Market.openJobs(m.chain.state)).extracting(Job::id).containsExactly(job);

    m.bidOk(m.p2, job, GRID, 5);
    m.closeAuction(job);

    assertThat(unitsOf(m, job, m.leaseId(job, m.p2))).containsExactly(2);
    assertThat(m.job(job).bidding()).isFalse();
    assertThat(m.job(job).auctionRound()).isZero();
  }

  @Test
  void jobWithoutBidsClosesWithNoBidsAfterTheLastRoundAndIsRefunded() {
    Hash job = m.createJob(JobSpecBuilder.batch(2, GRID, 2 * GRID).build());
    long afterDeposit = m.balance(m.buyer);

    for (int round = 0; round < m.market.maxAuctionRounds(); round++) {
      m.closeAuction(job);
    }

    Job closed = m.job(job);
    assertThat(closed.status()).isEqualTo(JobStatus.CLOSED);
    assertThat(closed.closeReason()).isEqualTo(CloseReason.NO_BIDS);
    assertThat(closed.escrow()).isZero();
    assertThat(m.balance(m.buyer)).isEqualTo(afterDeposit + 2 * GRID);
    assertThat(m.blockEvents(AuctionClosed.class)).hasSize(m.market.maxAuctionRounds());
    assertThat(m.blockEvents(JobClosed.class).get(0))
        .returns(CloseReason.NO_BIDS, JobClosed::reason);
  }

  @Test
  void partlyLeasedJobClosesWithNoBidsWhenLaterRoundsPlaceNothing() {
    m.registerAll(2);
    Hash job = m.createJob(JobSpecBuilder.batch(3, GRID, 3 * GRID).build());
    m.bidOk(m.p1, job, GRID, 1);
    m.closeAuction(job);
    m.run(m.chain.txs.unitResult(m.p1, m.leaseId(job, m.p1), 0, output(0)));

    for (int round = 0; round < m.market.maxAuctionRounds(); round++) {
      assertThat(m.job(job).status()).isEqualTo(JobStatus.OPEN);
      m.closeAuction(job);
    }

    assertThat(m.job(job).closeReason()).isEqualTo(CloseReason.NO_BIDS);
    assertThat(m.job(job).unitsDone()).isEqualTo(1);
    assertThat(m.lease(job, m.p1).closeReason()).isEqualTo(CloseReason.ALL_UNITS_DONE);
  }

  @Test
  void roundThatPlacesSomeWorkDoesNotCountTowardsNoBids() {
    m.registerAll(2);
    Hash job = m.createJob(JobSpecBuilder.batch(3, GRID, 3 * GRID).build());
    m.closeAuction(job);
    m.closeAuction(job);
    m.bidOk(m.p1, job, GRID, 1);

    m.closeAuction(job);

    assertThat(m.job(job).status()).isEqualTo(JobStatus.ACTIVE);
    assertThat(m.job(job).auctionRound()).isZero();
    assertThat(m.job(job).bidding()).isTrue();
  }

  @Test
  void bidderWhoseGpusWereTakenSinceBiddingLosesTheAuction() {
    m.register(m.p1, 1);
    Hash first = m.createJob(JobSpecBuilder.batch(1, GRID, GRID).build());
    Hash second = m.createJob(JobSpecBuilder.batch(1, GRID, GRID).build());
    m.bidOk(m.p1, first, GRID, 1);
    m.bidOk(m.p1, second, GRID, 1);

    m.closeAuction(second);

    assertThat(Market.leases(m.chain.state, first)).hasSize(1);
    assertThat(Market.leases(m.chain.state, second)).isEmpty();
    assertThat(m.job(second).auctionRound()).isEqualTo(1);
  }
}
