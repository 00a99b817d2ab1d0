package io.gridwork.chain.market;

import static io.gridwork.chain.market.MarketHarness.FEE;
import static io.gridwork.chain.market.MarketHarness.GRID;
import static io.gridwork.chain.market.MarketHarness.output;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.bank.Bank;
import io.gridwork.chain.exec.TxResult;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.event.UnitCompleted;
import io.gridwork.protocol.market.CloseReason;
import io.gridwork.protocol.market.JobStatus;
import io.gridwork.testkit.JobSpecBuilder;
import org.junit.jupiter.api.Test;

/** Units of a non-deterministic batch job, which are paid when reported and never audited. */
class BatchPaymentTest {
  private static final long PRICE = 300_000;

  private final MarketHarness m = new MarketHarness();
  private final Hash job;

  BatchPaymentTest() {
    m.registerAll(2);
    job = m.createJob(JobSpecBuilder.batch(3, GRID, 3 * GRID).nondeterministic().build());
    m.bidOk(m.p1, job, PRICE, 2);
    m.bidOk(m.p2, job, PRICE, 1);
    m.closeAuction(job);
  }

  private Hash leaseOf(Hash job, int unit) {
    return Market.units(m.chain.state, job).get(unit).leaseId();
  }

  private TxResult report(Hash leaseId, int unit) {
    var holder = m.lease(job, m.p1).id().equals(leaseId) ? m.p1 : m.p2;
    return m.run(m.chain.txs.unitResult(holder, leaseId, unit, output(unit)));
  }

  @Test
  void unitResultPaysThePriceMinusTheNetworkFeeAndTheFeeGoesToThePool() {
    Hash lease = leaseOf(job, 0);
    var holder = m.lease(job, m.p1).id().equals(lease) ? m.p1 : m.p2;
    long before = m.balance(holder);
    long poolBefore = Bank.feePool(m.chain.state);
    long networkFee = PRICE * m.market.networkFeeBps() / 10_000;

    TxResult result = report(lease, 0);

    assertThat(result.code()).isEqualTo("OK");
    assertThat(m.balance(holder)).isEqualTo(before - FEE + PRICE - networkFee);
    assertThat(Bank.feePool(m.chain.state)).isEqualTo(poolBefore + FEE + networkFee);
    assertThat(m.job(job).escrow()).isEqualTo(3 * GRID - PRICE);
    UnitCompleted paid =
        result.events().stream()
            .filter(UnitCompleted.class::isInstance)
            .map(UnitCompleted.class::cast)
            .findFirst()
            .get();
    assertThat(paid)
        .returns(0, UnitCompleted::unit)
        .returns(output(0), UnitCompleted::output)
        .returns(PRICE - networkFee, UnitCompleted::paid)
        .returns(networkFee, UnitCompleted::fee);
  }

  @Test
  void reportedUnitRecordsItsOutputHash() {
    report(leaseOf(job, 1), 1);

    assertThat(Market.units(m.chain.state, job).get(1).outputHash()).isEqualTo(output(1));
    assertThat(m.job(job).unitsDone()).isEqualTo(1);
  }

  @Test
  void unitOfAnotherLeaseIsUnitNotInLease() {
    Hash p1Lease = m.leaseId(job, m.p1);
    int foreign =
        Market.units(m.chain.state, job).stream()
            .filter(u -> !u.leaseId().equals(p1Lease))
            .findFirst()
            .get()
            .unit();

    TxResult result = m.run(m.chain.txs.unitResult(m.p1, p1Lease, foreign, output(foreign)));

    assertThat(result.code()).isEqualTo("UNIT_NOT_IN_LEASE");
  }

  @Test
  void unitBeyondTheJobIsUnitNotInLease() {
    TxResult result = m.run(m.chain.txs.unitResult(m.p1, m.leaseId(job, m.p1), 99, output(9)));

    assertThat(result.code()).isEqualTo("UNIT_NOT_IN_LEASE");
  }

  @Test
  void reportingAUnitTwiceIsUnitAlreadyReportedAndPaysOnce() {
    Hash p1Lease = m.leaseId(job, m.p1);
    int unit =
        Market.units(m.chain.state, job).stream()
            .filter(u -> u.leaseId().equals(p1Lease))
            .findFirst()
            .get()
            .unit();
    m.run(m.chain.txs.unitResult(m.p1, p1Lease, unit, output(unit)));
    long escrow = m.job(job).escrow();

    TxResult again = m.run(m.chain.txs.unitResult(m.p1, p1Lease, unit, output(unit)));

    assertThat(again.code()).isEqualTo("UNIT_ALREADY_REPORTED");
    assertThat(m.job(job).escrow()).isEqualTo(escrow);
  }

  @Test
  void unitResultFromAnotherProviderIsNotLeaseHolder() {
    TxResult result = m.run(m.chain.txs.unitResult(m.p2, m.leaseId(job, m.p1), 0, output(0)));

    assertThat(result.code()).isEqualTo("NOT_LEASE_HOLDER");
  }

  @Test
  void unitResultForAnUnknownLeaseIsLeaseNotFound() {
    TxResult result = m.run(m.chain.txs.unitResult(m.p1, output(42), 0, output(0)));

    assertThat(result.code()).isEqualTo("LEASE_NOT_FOUND");
  }

  @Test
  void unitResultOnAClosedLeaseIsLeaseClosed() {
    m.run(m.chain.txs.closeLease(m.p1, m.leaseId(job, m.p1)));

    TxResult result = m.run(m.chain.txs.unitResult(m.p1, m.leaseId(job, m.p1), 0, output(0)));

    assertThat(result.code()).isEqualTo("LEASE_CLOSED");
    assertThat(result.message()).contains("PROVIDER_CLOSED");
  }

  @Test
  void leaseClosesWithAllUnitsDoneWhenItsLastUnitIsReported() {
    Hash p2Lease = m.leaseId(job, m.p2);
    int unit =
        Market.units(m.chain.state, job).stream()
            .filter(u -> u.leaseId().equals(p2Lease))
            .findFirst()
            .get()
            .unit();
    long before = m.balance(m.p2);

    m.run(m.chain.txs.unitResult(m.p2, p2Lease, unit, output(unit)));

    Lease lease = m.lease(job, m.p2);
    assertThat(lease.active()).isFalse();
    assertThat(lease.closeReason()).isEqualTo(CloseReason.ALL_UNITS_DONE);
    long networkFee = PRICE * m.market.networkFeeBps() / 10_000;
    assertThat(m.balance(m.p2))
        .isEqualTo(before - FEE + PRICE - networkFee + m.market.bidCollateral());
    assertThat(m.job(job).status()).isEqualTo(JobStatus.ACTIVE);
  }

  @Test
  void jobIsDoneWhenEveryUnitIsReportedAndTheRestOfTheEscrowIsRefunded() {
    long buyerBefore = m.balance(m.buyer);

    for (int unit = 0; unit < 3; unit++) {
      report(leaseOf(job, unit), unit);
    }

    Job done = m.job(job);
    assertThat(done.status()).isEqualTo(JobStatus.DONE);
    assertThat(done.closeReason()).isEqualTo(CloseReason.ALL_UNITS_DONE);
    assertThat(done.escrow()).isZero();
    assertThat(m.balance(m.buyer)).isEqualTo(buyerBefore + 3 * GRID - 3 * PRICE);
    assertThat(Market.leases(m.chain.state, job)).noneMatch(Lease::active);
  }
}
