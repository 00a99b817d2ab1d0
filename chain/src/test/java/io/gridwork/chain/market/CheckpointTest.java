package io.gridwork.chain.market;

import static io.gridwork.chain.market.MarketHarness.GRID;
import static io.gridwork.chain.market.MarketHarness.output;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.exec.TxResult;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.event.CheckpointSaved;
import io.gridwork.testkit.JobSpecBuilder;
import org.junit.jupiter.api.Test;

class CheckpointTest {
  private static final long PRICE = 300_000;
  private static final Hash SAVED = Hash.sha256(new byte[] {42});

  private final MarketHarness m = new MarketHarness();
  private final Hash job;

  CheckpointTest() {
    m.registerAll(2);
    job = m.createJob(JobSpecBuilder.batch(2, GRID, 2 * GRID).build());
    m.bidOk(m.p1, job, PRICE, 2);
    m.closeAuction(job);
  }

  private TxResult save(KeyPair sender, Hash lease, int unit) {
    return m.run(m.chain.txs.checkpoint(sender, lease, unit, SAVED));
  }

  @Test
  void checkpointOfAnAssignedUnitIsStoredWithItsHeightAndProvider() {
    TxResult result = save(m.p1, m.leaseId(job, m.p1), 1);

    assertThat(result.code()).as(result.message()).isEqualTo("OK");
    UnitCheckpoint stored = Market.checkpoint(m.chain.state, job, 1).orElseThrow();
    assertThat(stored).isEqualTo(new UnitCheckpoint(SAVED, m.chain.height(), m.p1.address()));
    assertThat(result.events())
        .filteredOn(CheckpointSaved.class::isInstance)
        .map(CheckpointSaved.class::cast)
        .singleElement()
        .satisfies(
            e ->
                assertThat(e)
                    .returns(m.leaseId(job, m.p1), CheckpointSaved::leaseId)
                    .returns(job, CheckpointSaved::jobId)
                    .returns(1, CheckpointSaved::unit)
                    .returns(SAVED, CheckpointSaved::checkpoint));
  }

  @Test
  void unitsListingCarriesTheLatestCheckpoint() {
    save(m.p1, m.leaseId(job, m.p1), 0);
    Hash later = Hash.sha256(new byte[] {43});
    m.run(m.chain.txs.checkpoint(m.p1, m.leaseId(job, m.p1), 0, later));

    assertThat(Market.units(m.chain.state, job).get(0).checkpoint().checkpoint()).isEqualTo(later);
    assertThat(Market.units(m.chain.state, job).get(1).checkpoint()).isNull();
  }

  @Test
  void checkpointFromAnotherProviderIsNotLeaseHolder() {
    assertThat(save(m.p2, m.leaseId(job, m.p1), 0).code()).isEqualTo("NOT_LEASE_HOLDER");
    assertThat(Market.checkpoint(m.chain.state, job, 0)).isEmpty();
  }

  @Test
  void checkpointOfAnUnknownLeaseIsLeaseNotFound() {
    assertThat(save(m.p1, Hash.sha256(new byte[] {7}), 0).code()).isEqualTo("LEASE_NOT_FOUND");
  }

  @Test
  void checkpointOfAUnitOutsideTheLeaseIsUnitNotInLease() {
    assertThat(save(m.p1, m.leaseId(job, m.p1), 2).code()).isEqualTo("UNIT_NOT_IN_LEASE");
  }

  @Test
  void checkpointOfAReportedUnitIsUnitAlreadyReported() {
    m.run(m.chain.txs.unitResult(m.p1, m.leaseId(job, m.p1), 0, output(0)));

    assertThat(save(m.p1, m.leaseId(job, m.p1), 0).code()).isEqualTo("UNIT_ALREADY_REPORTED");
  }

  @Test
  void checkpointOfAClosedLeaseIsLeaseClosed() {
    m.run(m.chain.txs.closeLease(m.p1, m.leaseId(job, m.p1)));

    assertThat(save(m.p1, m.leaseId(job, m.p1), 0).code()).isEqualTo("LEASE_CLOSED");
  }

  @Test
  void reportingAUnitDropsItsCheckpoint() {
    save(m.p1, m.leaseId(job, m.p1), 0);

    m.run(m.chain.txs.unitResult(m.p1, m.leaseId(job, m.p1), 0, output(0)));

    assertThat(Market.checkpoint(m.chain.state, job, 0)).isEmpty();
  }

  @Test
  void checkpointSurvivesTheUnitBeingReleasedAndIsVisibleToItsNextLease() {
    save(m.p1, m.leaseId(job, m.p1), 1);
    m.run(m.chain.txs.unitResult(m.p1, m.leaseId(job, m.p1), 0, output(0)));
    m.run(m.chain.txs.closeLease(m.p1, m.leaseId(job, m.p1)));
    assertThat(Market.checkpoint(m.chain.state, job, 1)).isPresent();

    m.bidOk(m.p2, job, PRICE, 1);
    m.closeAuction(job);

    UnitState rerun = Market.units(m.chain.state, job).get(1);
    assertThat(rerun.leaseId()).isEqualTo(m.leaseId(job, m.p2));
    assertThat(rerun.checkpoint().checkpoint()).isEqualTo(SAVED);
    assertThat(rerun.checkpoint().provider()).isEqualTo(m.p1.address());
  }

  @Test
  void finishingTheJobDropsItsCheckpoints() {
    save(m.p1, m.leaseId(job, m.p1), 1);

    m.run(m.chain.txs.closeJob(m.buyer, job));

    assertThat(Market.checkpoint(m.chain.state, job, 1)).isEmpty();
  }

  @Test
  void checkpointOnAServiceLeaseIsNotABatchJob() {
    Hash service = m.createJob(JobSpecBuilder.service(3_600_000, 4 * GRID).build());
    m.bidOk(m.p3, service, 3_600_000, 0);
    m.closeAuction(service);

    assertThat(save(m.p3, m.leaseId(service, m.p3), 0).code()).isEqualTo("NOT_A_BATCH_JOB");
  }
}
