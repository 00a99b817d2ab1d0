package io.gridwork.chain.audit;

import static io.gridwork.chain.audit.AuditHarness.PRICE;
import static io.gridwork.chain.audit.AuditHarness.STAKE;
import static io.gridwork.chain.audit.AuditHarness.TRUE_OUTPUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.bank.Bank;
import io.gridwork.chain.market.UnitStatus;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.event.AuditSkipReason;
import io.gridwork.protocol.event.AuditSkipped;
import io.gridwork.protocol.event.AuditTimedOut;
import io.gridwork.protocol.event.Slashed;
import org.junit.jupiter.api.Test;

/** An honest provider whose auditors do not answer. */
class AuditTimeoutTest {
  private final AuditHarness h = new AuditHarness();
  private final KeyPair provider = h.p(0);
  private final Hash job;
  private final AuditRecord first;

  AuditTimeoutTest() {
    h.registerProviders(4);
    job = h.jobWonBy(provider, 1, true);
    h.report(provider, job, 0, TRUE_OUTPUT);
    h.block();
    first = h.openAudit(job, 0);
  }

  @Test
  void silentAuditorTimesOutAtItsDeadlineAndAnotherIsAssigned() {
    h.advanceTo(first.deadline());

    AuditRecord second = h.openAudit(job, 0);
    assertThat(h.events(AuditTimedOut.class))
        .singleElement()
        .satisfies(e -> assertThat(e).returns(first.auditor(), AuditTimedOut::auditor));
    assertThat(second.auditor()).isNotEqualTo(first.auditor()).isNotEqualTo(provider.address());
    assertThat(second.attempt()).isEqualTo(2);
    assertThat(second.round()).isEqualTo(1);
  }

  @Test
  void timeoutSlashesNobodyAndCostsTheAuditorReputation() {
    h.advanceTo(first.deadline());

    assertThat(h.events(Slashed.class)).isEmpty();
    for (KeyPair p : h.providers) {
      assertThat(h.stake(p)).isEqualTo(STAKE);
    }
    assertThat(h.stats(h.key(first.auditor())).auditsAbandoned()).isEqualTo(1);
    assertThat(h.stats(provider).auditsFailed()).isZero();
  }

  @Test
  void unitIsPaidWhenTheReplacementAuditorPasses() {
    h.advanceTo(first.deadline());
    assertThat(h.unit(job, 0).status()).isEqualTo(UnitStatus.AWAITING_AUDIT);
    long before = h.balance(provider);

    h.answer(h.key(h.openAudit(job, 0).auditor()), job, 0, TRUE_OUTPUT);

    assertThat(h.unit(job, 0).status()).isEqualTo(UnitStatus.FINAL);
    assertThat(h.balance(provider)).isEqualTo(before + h.providerShare(PRICE));
  }

  @Test
  void answerAfterBeingReplacedIsRefused() {
    h.advanceTo(first.deadline());

    assertThat(h.answer(h.key(first.auditor()), job, 0, TRUE_OUTPUT).code())
        .isEqualTo("NOT_ASSIGNED_AUDITOR");
  }

  @Test
  void whenEveryAttemptTimesOutTheUnitIsUnauditedAndPaid() {
    long pool = Bank.verificationPool(h.chain.state) + first.reserved();
    long before = h.balance(provider);
    int attempts = h.params.audit().maxAuditAttempts();

    h.advanceTo(first.deadline() + (attempts - 1) * h.params.audit().auditTimeoutBlocks());

    assertThat(h.events(AuditTimedOut.class)).hasSize(attempts);
    assertThat(h.events(AuditSkipped.class))
        .singleElement()
        .satisfies(
            e -> assertThat(e).returns(AuditSkipReason.ATTEMPTS_EXHAUSTED, AuditSkipped::reason));
    assertThat(h.unit(job, 0).status()).isEqualTo(UnitStatus.FINAL);
    assertThat(h.balance(provider)).isEqualTo(before + h.providerShare(PRICE));
    long verificationFee = PRICE * h.params.audit().verificationFeeBps() / 10_000;
    assertThat(Bank.verificationPool(h.chain.state)).isEqualTo(pool + verificationFee);
  }
}
