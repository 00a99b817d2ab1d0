package io.gridwork.chain.audit;

import static io.gridwork.chain.audit.AuditHarness.FEE;
import static io.gridwork.chain.audit.AuditHarness.PRICE;
import static io.gridwork.chain.audit.AuditHarness.TRUE_OUTPUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.bank.Bank;
import io.gridwork.chain.exec.TxResult;
import io.gridwork.chain.market.UnitStatus;
import io.gridwork.chain.reputation.ProviderStats;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.event.AuditAssigned;
import io.gridwork.protocol.event.AuditPassed;
import io.gridwork.protocol.event.UnitCompleted;
import io.gridwork.protocol.event.UnitReported;
import io.gridwork.protocol.market.AuditStatus;
import io.gridwork.protocol.market.JobStatus;
import org.junit.jupiter.api.Test;

/** An honest provider audited by an honest auditor, with every unit of a new provider sampled. */
class HonestAuditTest {
  private final AuditHarness h = new AuditHarness();
  private final KeyPair provider = h.p(0);
  private final Hash job;
  private final long reportedAt;

  HonestAuditTest() {
    h.registerProviders(3);
    job = h.jobWonBy(provider, 1, true);
    h.report(provider, job, 0, TRUE_OUTPUT);
    reportedAt = h.chain.height();
  }

  private long finalAt() {
    return reportedAt + h.params.audit().challengeWindowBlocks();
  }

  @Test
  void reportedUnitOfADeterministicJobIsHeldNotPaid() {
    assertThat(h.unit(job, 0).status()).isEqualTo(UnitStatus.REPORTED);
    assertThat(h.unit(job, 0).reportedHeight()).isEqualTo(reportedAt);
    assertThat(h.job(job).escrow()).isEqualTo(PRICE);
    assertThat(h.events(UnitReported.class))
        .singleElement()
        .satisfies(e -> assertThat(e).returns(finalAt(), UnitReported::finalAt));
    assertThat(h.events(UnitCompleted.class)).isEmpty();
  }

  @Test
  void unitIsSampledAtTheEndOfTheNextBlockAndAnotherProviderIsAssigned() {
    h.block();

    AuditRecord audit = h.openAudit(job, 0);
    assertThat(audit.auditor()).isNotEqualTo(provider.address()).isNotEqualTo(h.buyer.address());
    assertThat(audit.round()).isEqualTo(1);
    assertThat(audit.reserved()).isEqualTo(PRICE);
    assertThat(audit.deadline()).isEqualTo(reportedAt + 1 + h.params.audit().auditTimeoutBlocks());
    assertThat(Audits.verificationPool(h.chain.state)).isEqualTo(AuditHarness.POOL - PRICE);
    assertThat(h.events(AuditAssigned.class))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e)
                    .returns(audit.auditor(), AuditAssigned::auditor)
                    .returns(1, AuditAssigned::round)
                    .returns(PRICE, AuditAssigned::reward));
  }

  @Test
  void matchingResultPaysTheAuditorItsReward() {
    h.block();
    KeyPair auditor = h.key(h.openAudit(job, 0).auditor());
    long before = h.balance(auditor);

    TxResult result = h.answer(auditor, job, 0, TRUE_OUTPUT);

    assertThat(result.code()).isEqualTo("OK");
    assertThat(h.balance(auditor)).isEqualTo(before - FEE + PRICE);
    assertThat(Audits.ofUnit(h.chain.state, job, 0).get(0).status()).isEqualTo(AuditStatus.PAID);
    assertThat(h.events(AuditPassed.class)).hasSize(1);
  }

  @Test
  void passedUnitIsPaidExactlyAtTheEndOfItsWindow() {
    h.block();
    h.answer(h.key(h.openAudit(job, 0).auditor()), job, 0, TRUE_OUTPUT);
    long before = h.balance(provider);
    h.advanceTo(finalAt() - 1);
    assertThat(h.balance(provider)).isEqualTo(before);

    h.block();

    assertThat(h.balance(provider)).isEqualTo(before + h.providerShare(PRICE));
    assertThat(h.unit(job, 0).status()).isEqualTo(UnitStatus.FINAL);
    assertThat(h.job(job).status()).isEqualTo(JobStatus.DONE);
  }

  @Test
  void finalUnitPaysTheVerificationFeeIntoThePool() {
    h.block();
    h.answer(h.key(h.openAudit(job, 0).auditor()), job, 0, TRUE_OUTPUT);
    long pool = Bank.verificationPool(h.chain.state);

    h.advanceTo(finalAt());

    long verificationFee = PRICE * h.params.audit().verificationFeeBps() / 10_000;
    assertThat(Bank.verificationPool(h.chain.state)).isEqualTo(pool + verificationFee);
    assertThat(h.events(UnitCompleted.class))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e)
                    .returns(verificationFee, UnitCompleted::verificationFee)
                    .returns(h.providerShare(PRICE), UnitCompleted::paid));
  }

  @Test
  void passedAndFinalUnitCountsForTheProvidersReputation() {
    h.block();
    h.answer(h.key(h.openAudit(job, 0).auditor()), job, 0, TRUE_OUTPUT);

    h.advanceTo(finalAt());

    assertThat(h.stats(provider)).isEqualTo(new ProviderStats(0, 0, 1, 0, 1, 0, 0, 1, 0));
  }

  @Test
  void unitWhoseAuditOutlastsTheWindowIsPaidWhenTheAuditPasses() {
    h.block();
    KeyPair auditor = h.key(h.openAudit(job, 0).auditor());
    h.advanceTo(finalAt());
    assertThat(h.unit(job, 0).status()).isEqualTo(UnitStatus.AWAITING_AUDIT);
    long before = h.balance(provider);

    h.answer(auditor, job, 0, TRUE_OUTPUT);

    assertThat(h.unit(job, 0).status()).isEqualTo(UnitStatus.FINAL);
    assertThat(h.balance(provider)).isEqualTo(before + h.providerShare(PRICE));
  }

  @Test
  void resultFromAProviderNotAssignedIsNotAssignedAuditor() {
    h.block();
    KeyPair other =
        h.providers.stream()
            .filter(k -> !k.address().equals(h.openAudit(job, 0).auditor()))
            .filter(k -> !k.equals(provider))
            .findFirst()
            .orElseThrow();

    TxResult result = h.answer(other, job, 0, TRUE_OUTPUT);

    assertThat(result.code()).isEqualTo("NOT_ASSIGNED_AUDITOR");
  }

  @Test
  void resultForAUnitNeverAuditedIsAuditNotFound() {
    TxResult result = h.answer(h.p(1), job, 0, TRUE_OUTPUT);

    assertThat(result.code()).isEqualTo("AUDIT_NOT_FOUND");
  }

  @Test
  void secondResultForAnAnsweredAuditIsAuditClosed() {
    h.block();
    KeyPair auditor = h.key(h.openAudit(job, 0).auditor());
    h.answer(auditor, job, 0, TRUE_OUTPUT);

    TxResult again = h.answer(auditor, job, 0, TRUE_OUTPUT);

    assertThat(again.code()).isEqualTo("AUDIT_CLOSED");
  }
}
