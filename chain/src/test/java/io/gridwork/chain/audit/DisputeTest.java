package io.gridwork.chain.audit;

import static io.gridwork.chain.audit.AuditHarness.FEE;
import static io.gridwork.chain.audit.AuditHarness.OTHER_OUTPUT;
import static io.gridwork.chain.audit.AuditHarness.PRICE;
import static io.gridwork.chain.audit.AuditHarness.STAKE;
import static io.gridwork.chain.audit.AuditHarness.TRUE_OUTPUT;
import static io.gridwork.chain.audit.AuditHarness.WRONG_OUTPUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.bank.Bank;
import io.gridwork.chain.market.UnitStatus;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.event.AuditInconclusive;
import io.gridwork.protocol.event.SlashReason;
import io.gridwork.protocol.event.Slashed;
import io.gridwork.protocol.market.AuditStatus;
import org.junit.jupiter.api.Test;

/** An honest provider whose round-one auditor reports a wrong output. */
class DisputeTest {
  private final AuditHarness h = new AuditHarness();
  private final KeyPair provider = h.p(0);
  private final Hash job;
  private final long reportedAt;
  private final KeyPair wrongAuditor;

  DisputeTest() {
    h.registerProviders(4);
    job = h.jobWonBy(provider, 1, true);
    h.report(provider, job, 0, TRUE_OUTPUT);
    reportedAt = h.chain.height();
    h.block();
    wrongAuditor = h.key(h.openAudit(job, 0).auditor());
    h.answer(wrongAuditor, job, 0, WRONG_OUTPUT);
  }

  private KeyPair tieBreaker() {
    return h.key(h.openAudit(job, 0).auditor());
  }

  @Test
  void tieBreakerSidingWithTheProviderSlashesTheWrongAuditor() {
    h.answer(tieBreaker(), job, 0, TRUE_OUTPUT);

    assertThat(h.stake(wrongAuditor)).isEqualTo(STAKE - STAKE / 10);
    assertThat(h.stake(provider)).isEqualTo(STAKE);
    assertThat(h.events(Slashed.class))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e)
                    .returns(wrongAuditor.address(), Slashed::provider)
                    .returns(SlashReason.WRONG_AUDIT, Slashed::reason));
    assertThat(h.stats(wrongAuditor).slashes()).isEqualTo(1);
  }

  @Test
  void overruledAuditorsRewardGoesBackToThePoolAndTheTieBreakerIsPaid() {
    KeyPair tieBreaker = tieBreaker();
    long before = h.balance(tieBreaker);
    long pool = Bank.verificationPool(h.chain.state);

    h.answer(tieBreaker, job, 0, TRUE_OUTPUT);

    assertThat(h.balance(tieBreaker)).isEqualTo(before - FEE + PRICE);
    assertThat(Bank.verificationPool(h.chain.state)).isEqualTo(pool + PRICE);
    assertThat(Audits.ofUnit(h.chain.state, job, 0))
        .extracting(AuditRecord::status)
        .containsExactly(AuditStatus.OVERRULED, AuditStatus.PAID);
  }

  @Test
  void vindicatedProviderIsPaidAtTheEndOfTheWindowAndCountsAPassedAudit() {
    h.answer(tieBreaker(), job, 0, TRUE_OUTPUT);
    long before = h.balance(provider);

    h.advanceTo(reportedAt + h.params.audit().challengeWindowBlocks());

    assertThat(h.balance(provider)).isEqualTo(before + h.providerShare(PRICE));
    assertThat(h.stats(provider).auditsPassed()).isEqualTo(1);
    assertThat(h.stats(provider).auditsFailed()).isZero();
  }

  @Test
  void threeDifferentOutputsAreInconclusiveAndSlashNobody() {
    long pool = Bank.verificationPool(h.chain.state);

    h.answer(tieBreaker(), job, 0, OTHER_OUTPUT);

    assertThat(h.events(AuditInconclusive.class)).hasSize(1);
    assertThat(h.events(Slashed.class)).isEmpty();
    assertThat(Bank.verificationPool(h.chain.state)).isEqualTo(pool + 2 * PRICE);
    assertThat(Audits.ofUnit(h.chain.state, job, 0))
        .extracting(AuditRecord::status)
        .containsExactly(AuditStatus.INCONCLUSIVE, AuditStatus.INCONCLUSIVE);
  }

  @Test
  void inconclusiveUnitIsStillPaidAtTheEndOfItsWindow() {
    h.answer(tieBreaker(), job, 0, OTHER_OUTPUT);

    h.advanceTo(reportedAt + h.params.audit().challengeWindowBlocks());

    assertThat(h.unit(job, 0).status()).isEqualTo(UnitStatus.FINAL);
  }
}
