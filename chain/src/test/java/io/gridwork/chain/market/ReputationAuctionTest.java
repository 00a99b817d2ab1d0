package io.gridwork.chain.market;

import static io.gridwork.chain.market.MarketHarness.GRID;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.reputation.ProviderStats;
import io.gridwork.chain.reputation.Reputation;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.testkit.JobSpecBuilder;
import org.junit.jupiter.api.Test;

/** The auction ranks bids by reputation-scaled price and pays winners what they bid. */
class ReputationAuctionTest {
  private final MarketHarness m = new MarketHarness();

  ReputationAuctionTest() {
    m.registerAll(1);
    // p1 comes with a record of results found wrong, as if earned on earlier jobs.
    Reputation.update(
        m.chain.state,
        m.p1.address(),
        s -> s.withAuditFailed().withAuditFailed().withAuditFailed());
  }

  @Test
  void cheaperBidOfAProviderWithFailedAuditsLosesToAReputableOne() {
    Hash job = m.createJob(JobSpecBuilder.service(2 * GRID, 10 * GRID).build());
    m.bidOk(m.p1, job, 900_000, 0);
    m.bidOk(m.p2, job, GRID, 0);

    m.closeAuction(job);

    assertThat(Market.leases(m.chain.state, job))
        .singleElement()
        .satisfies(l -> assertThat(l.provider()).isEqualTo(m.p2.address()));
  }

  @Test
  void winnerIsPaidItsBidPriceNotItsEffectivePrice() {
    Hash job = m.createJob(JobSpecBuilder.batch(1, 2 * GRID, 2 * GRID).build());
    m.bidOk(m.p2, job, GRID, 1);

    m.closeAuction(job);

    assertThat(m.lease(job, m.p2).price()).isEqualTo(GRID);
  }

  @Test
  void equalReputationsLeaveTheCheaperBidFirst() {
    Hash job = m.createJob(JobSpecBuilder.service(2 * GRID, 10 * GRID).build());
    m.bidOk(m.p2, job, GRID, 0);
    m.bidOk(m.p3, job, GRID - 1, 0);

    m.closeAuction(job);

    assertThat(Market.leases(m.chain.state, job))
        .singleElement()
        .satisfies(l -> assertThat(l.provider()).isEqualTo(m.p3.address()));
    assertThat(Reputation.stats(m.chain.state, m.p3.address())).isEqualTo(ProviderStats.ZERO);
  }
}
