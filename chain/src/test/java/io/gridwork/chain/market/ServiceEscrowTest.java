package io.gridwork.chain.market;

import static io.gridwork.chain.market.MarketHarness.FEE;
import static io.gridwork.chain.market.MarketHarness.GRID;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.bank.Bank;
import io.gridwork.chain.exec.TxResult;
import io.gridwork.chain.state.Keys;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.event.LeaseClosed;
import io.gridwork.protocol.event.ServiceCharged;
import io.gridwork.protocol.market.CloseReason;
import io.gridwork.protocol.market.JobStatus;
import io.gridwork.testkit.JobSpecBuilder;
import org.junit.jupiter.api.Test;

class ServiceEscrowTest {
  /** 3.6 GRID per GPU-hour is exactly 1,000ugrid per one-second block. */
  private static final long PRICE = 3_600_000;

  private static final long RATE = 1_000;

  private final MarketHarness m = new MarketHarness();
  private final Hash job;

  /** The height of the service's first heartbeat, from which it is charged. */
  private final long started;

  ServiceEscrowTest() {
    m.registerAll(2);
    job = m.createJob(JobSpecBuilder.service(PRICE, 4 * GRID).build());
    m.bidOk(m.p1, job, PRICE, 0);
    m.closeAuction(job);
    m.run(m.chain.txs.heartbeat(m.p1, m.leaseId(job, m.p1)));
    started = m.chain.height();
  }

  private Hash lease() {
    return m.leaseId(job, m.p1);
  }

  @Test
  void leaseRateIsThePricePerGpuHourSpreadOverNominalBlocks() {
    Lease lease = m.lease(job, m.p1);

    assertThat(lease.ratePerBlock()).isEqualTo(RATE);
    assertThat(lease.billingSince()).isEqualTo(started);
    assertThat(lease.lastSettledHeight()).isEqualTo(started);
    assertThat(lease.exhaustionHeight()).isEqualTo(started + 4 * GRID / RATE);
    assertThat(m.job(job).status()).isEqualTo(JobStatus.ACTIVE);
  }

  @Test
  void heartbeatSettlesRateTimesTheBlocksSinceTheLastSettlement() {
    m.advanceTo(started + 4);
    long before = m.balance(m.p1);

    TxResult result = m.run(m.chain.txs.heartbeat(m.p1, lease()));

    long owed = 5 * RATE;
    long fee = owed / 100;
    assertThat(result.code()).isEqualTo("OK");
    assertThat(m.balance(m.p1)).isEqualTo(before - FEE + owed - fee);
    assertThat(m.job(job).escrow()).isEqualTo(4 * GRID - owed);
    Lease lease = m.lease(job, m.p1);
    assertThat(lease.lastSettledHeight()).isEqualTo(started + 5);
    assertThat(lease.lastHeartbeatHeight()).isEqualTo(started + 5);
    assertThat(lease.paid()).isEqualTo(owed);
    ServiceCharged charged =
        result.events().stream()
            .filter(ServiceCharged.class::isInstance)
            .map(ServiceCharged.class::cast)
            .findFirst()
            .get();
    assertThat(charged).returns(5L, ServiceCharged::blocks).returns(5000L, ServiceCharged::amount);
  }

  @Test
  void secondHeartbeatInTheSameBlockChargesNothingMore() {
    m.block(m.chain.txs.heartbeat(m.p1, lease()), m.chain.txs.heartbeat(m.p1, lease()));

    assertThat(m.lease(job, m.p1).paid()).isEqualTo(RATE);
  }

  @Test
  void heartbeatFromAnotherProviderIsNotLeaseHolder() {
    assertThat(m.run(m.chain.txs.heartbeat(m.p2, lease())).code()).isEqualTo("NOT_LEASE_HOLDER");
  }

  @Test
  void unitResultOnAServiceLeaseIsNotABatchJob() {
    TxResult result = m.run(m.chain.txs.unitResult(m.p1, lease(), 0, MarketHarness.output(0)));

    assertThat(result.code()).isEqualTo("NOT_A_BATCH_JOB");
  }

  @Test
  void sweepClosesTheLeaseAtExactlyTheHeightItsEscrowRunsOut() {
    long exhaustedAt = started + 4 * GRID / RATE;
    m.advanceBeating(exhaustedAt - 1, m.p1, lease());
    assertThat(m.lease(job, m.p1).active()).isTrue();

    m.block();

    Lease lease = m.lease(job, m.p1);
    assertThat(m.chain.height()).isEqualTo(exhaustedAt);
    assertThat(lease.active()).isFalse();
    assertThat(lease.closeReason()).isEqualTo(CloseReason.ESCROW_EXHAUSTED);
    assertThat(lease.closedHeight()).isEqualTo(exhaustedAt);
    assertThat(lease.paid()).isEqualTo(4 * GRID);
    assertThat(m.job(job).status()).isEqualTo(JobStatus.CLOSED);
    assertThat(m.job(job).closeReason()).isEqualTo(CloseReason.ESCROW_EXHAUSTED);
    assertThat(m.blockEvents(LeaseClosed.class).get(0))
        .returns(CloseReason.ESCROW_EXHAUSTED, LeaseClosed::reason);
  }

  @Test
  void escrowThatDoesNotDivideEvenlyIsRefundedWhenSwept() {
    m.run(m.chain.txs.depositMore(m.buyer, job, 500));
    long exhaustedAt = m.lease(job, m.p1).exhaustionHeight();
    long buyerBefore = m.balance(m.buyer);

    m.advanceBeating(exhaustedAt, m.p1, lease());

    assertThat(m.lease(job, m.p1).active()).isFalse();
    assertThat(m.balance(m.buyer)).isEqualTo(buyerBefore + 500);
  }

  @Test
  void depositMoreMovesTheExhaustionHeightAndItsIndexEntry() {
    long before = m.lease(job, m.p1).exhaustionHeight();

    m.run(m.chain.txs.depositMore(m.buyer, job, GRID));

    long after = m.lease(job, m.p1).exhaustionHeight();
    assertThat(after).isEqualTo(before + GRID / RATE);
    assertThat(m.chain.state.get(Keys.escrowExhaustion(before, lease()))).isNull();
    assertThat(m.chain.state.get(Keys.escrowExhaustion(after, lease()))).isNotNull();
  }

  @Test
  void depositMoreSettlesTheLeaseFirst() {
    m.advanceTo(started + 2);

    m.run(m.chain.txs.depositMore(m.buyer, job, GRID));

    assertThat(m.lease(job, m.p1).paid()).isEqualTo(3 * RATE);
    assertThat(m.job(job).escrow()).isEqualTo(5 * GRID - 3 * RATE);
    assertThat(m.job(job).deposited()).isEqualTo(5 * GRID);
  }

  @Test
  void feesOfServiceChargesGoToTheFeePool() {
    long pool = Bank.feePool(m.chain.state);

    m.run(m.chain.txs.heartbeat(m.p1, lease()));

    assertThat(Bank.feePool(m.chain.state)).isEqualTo(pool + FEE + RATE / 100);
  }
}
