package io.gridwork.chain.audit;

import static io.gridwork.chain.audit.AuditHarness.FEE;
import static io.gridwork.chain.audit.AuditHarness.PRICE;
import static io.gridwork.chain.audit.AuditHarness.TRUE_OUTPUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.genesis.AuditParams;
import io.gridwork.chain.market.UnitStatus;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.event.AuditAssigned;
import io.gridwork.protocol.event.AuditSkipReason;
import io.gridwork.protocol.event.AuditSkipped;
import io.gridwork.protocol.market.JobStatus;
import io.gridwork.testkit.JobSpecBuilder;
import org.junit.jupiter.api.Test;

/** Units that are paid without an audit, and why. */
class SkippedAuditTest {

  @Test
  void nonDeterministicUnitIsPaidWhenReportedAndNeverAudited() {
    AuditHarness h = new AuditHarness();
    h.registerProviders(3);
    KeyPair provider = h.p(0);
    Hash job = h.jobWonBy(provider, 1, false);
    long before = h.balance(provider);

    h.report(provider, job, 0, TRUE_OUTPUT);
    h.advanceTo(h.chain.height() + 10);

    long networkFee = PRICE * h.params.market().networkFeeBps() / 10_000;
    long collateral = h.params.market().bidCollateral();
    assertThat(h.balance(provider)).isEqualTo(before - FEE + PRICE - networkFee + collateral);
    assertThat(h.unit(job, 0).status()).isEqualTo(UnitStatus.FINAL);
    assertThat(h.job(job).status()).isEqualTo(JobStatus.DONE);
    assertThat(Audits.ofJob(h.chain.state, job)).isEmpty();
    assertThat(h.events(AuditAssigned.class)).isEmpty();
    assertThat(h.stats(provider).unitsCompleted()).isEqualTo(1);
    assertThat(h.stats(provider).consecutiveVerified()).isZero();
  }

  @Test
  void withoutAnotherProviderThatCanRunTheJobTheAuditIsSkipped() {
    AuditHarness h = new AuditHarness();
    h.registerProviders(1);
    Hash job = h.jobWonBy(h.p(0), 1, true);
    h.report(h.p(0), job, 0, TRUE_OUTPUT);

    h.block();

    assertThat(h.events(AuditSkipped.class))
        .singleElement()
        .satisfies(
            e -> assertThat(e).returns(AuditSkipReason.NO_ELIGIBLE_AUDITOR, AuditSkipped::reason));
  }

  @Test
  void providerWithoutTheJobsGpuIsNotAnAuditor() {
    AuditHarness h = new AuditHarness();
    h.registerProviders(1);
    h.runOk(h.chain.txs.registerProvider(h.p(1), "A100", 1, "eu-west", AuditHarness.STAKE));
    Hash job =
        h.jobWonBy(h.p(0), 1, JobSpecBuilder.batch(1, PRICE, PRICE).gpus(1, AuditHarness.GPU));
    h.report(h.p(0), job, 0, TRUE_OUTPUT);

    h.block();

    assertThat(h.events(AuditSkipped.class))
        .singleElement()
        .satisfies(
            e -> assertThat(e).returns(AuditSkipReason.NO_ELIGIBLE_AUDITOR, AuditSkipped::reason));
  }

  @Test
  void verificationPoolShortOfTheRewardSkipsTheAudit() {
    AuditHarness h = new AuditHarness(AuditParams.defaults(), PRICE - 1);
    h.registerProviders(3);
    Hash job = h.jobWonBy(h.p(0), 1, true);
    h.report(h.p(0), job, 0, TRUE_OUTPUT);

    h.block();

    assertThat(h.events(AuditSkipped.class))
        .singleElement()
        .satisfies(e -> assertThat(e).returns(AuditSkipReason.POOL_SHORT, AuditSkipped::reason));
  }

  @Test
  void unitNotDrawnIsNotAuditedAndIsPaidAtTheEndOfItsWindow() {
    AuditHarness h = new AuditHarness(new AuditParams(5, 0, 0, 30, 20, 3, 500, 1_000, 5_000, 100));
    h.registerProviders(3);
    Hash job = h.jobWonBy(h.p(0), 1, true);
    h.report(h.p(0), job, 0, TRUE_OUTPUT);

    h.advanceTo(h.chain.height() + 5);

    assertThat(h.events(AuditAssigned.class)).isEmpty();
    assertThat(h.events(AuditSkipped.class)).isEmpty();
    assertThat(h.unit(job, 0).status()).isEqualTo(UnitStatus.FINAL);
  }

  @Test
  void buyerClosingTheJobDoesNotTakeBackAHeldPayment() {
    AuditHarness h = new AuditHarness(new AuditParams(5, 0, 0, 30, 20, 3, 500, 1_000, 5_000, 100));
    h.registerProviders(3);
    KeyPair provider = h.p(0);
    Hash job = h.jobWonBy(provider, 2, true);
    h.report(provider, job, 0, TRUE_OUTPUT);
    long reportedAt = h.chain.height();
    long buyerBefore = h.balance(h.buyer);
    long providerBefore = h.balance(provider);

    h.runOk(h.chain.txs.closeJob(h.buyer, job));
    assertThat(h.balance(h.buyer)).isEqualTo(buyerBefore - FEE + PRICE);
    h.advanceTo(reportedAt + 5);

    assertThat(h.job(job).status()).isEqualTo(JobStatus.CLOSED);
    assertThat(h.job(job).escrow()).isZero();
    long collateral = h.params.market().bidCollateral();
    assertThat(h.balance(provider)).isEqualTo(providerBefore + collateral + h.providerShare(PRICE));
  }
}
