package io.gridwork.chain.audit;

import static io.gridwork.chain.audit.AuditHarness.GRID;
import static io.gridwork.chain.audit.AuditHarness.PRICE;
import static io.gridwork.chain.audit.AuditHarness.STAKE;
import static io.gridwork.chain.audit.AuditHarness.TRUE_OUTPUT;
import static io.gridwork.chain.audit.AuditHarness.WRONG_OUTPUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.bank.Bank;
import io.gridwork.chain.exec.Supply;
import io.gridwork.chain.exec.SupplyReport;
import io.gridwork.chain.market.Market;
import io.gridwork.chain.reputation.Reputation;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.event.AuditDisputed;
import io.gridwork.protocol.event.AuditPassed;
import io.gridwork.protocol.event.SlashReason;
import io.gridwork.protocol.event.Slashed;
import io.gridwork.protocol.event.UnitCompleted;
import io.gridwork.protocol.event.UnitRequeued;
import io.gridwork.protocol.market.AuditStatus;
import io.gridwork.protocol.market.CloseReason;
import io.gridwork.protocol.market.JobStatus;
import io.gridwork.protocol.tx.JobIds;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A provider wins all three units of a job and reports a wrong output for units 0 and 1 while unit
 * 2 still runs; the round-one auditor disputes unit 0 and the tie-breaker agrees with the auditor.
 */
class CheatingProviderTest {
  private final AuditHarness h = new AuditHarness();
  private final KeyPair cheater = h.p(0);
  private final Hash job;
  private long buyerBefore;
  private long burnedBefore;

  CheatingProviderTest() {
    h.registerProviders(4);
    job = h.jobWonBy(cheater, 3, true);
    h.report(cheater, job, 0, WRONG_OUTPUT);
    h.report(cheater, job, 1, WRONG_OUTPUT);
    h.block();
  }

  /** Disputes unit 0 and has the tie-breaker side with the auditor. */
  private void catchTheCheater() {
    h.answer(h.key(h.openAudit(job, 0).auditor()), job, 0, TRUE_OUTPUT);
    buyerBefore = h.balance(h.buyer);
    burnedBefore = Bank.burned(h.chain.state);
    h.answer(h.key(h.openAudit(job, 0).auditor()), job, 0, TRUE_OUTPUT);
  }

  @Test
  void mismatchDisputesAndAssignsATieBreakerAtTheEndOfTheBlock() {
    AuditRecord first = h.openAudit(job, 0);

    h.answer(h.key(first.auditor()), job, 0, TRUE_OUTPUT);

    AuditRecord tieBreak = h.openAudit(job, 0);
    assertThat(tieBreak.round()).isEqualTo(2);
    assertThat(tieBreak.auditor()).isNotEqualTo(first.auditor()).isNotEqualTo(cheater.address());
    assertThat(h.events(AuditDisputed.class))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e)
                    .returns(TRUE_OUTPUT, AuditDisputed::output)
                    .returns(WRONG_OUTPUT, AuditDisputed::expected));
  }

  @Test
  void cheaterLosesTheSlashFractionOfItsStake() {
    catchTheCheater();

    assertThat(h.stake(cheater)).isEqualTo(STAKE - STAKE / 10);
    assertThat(h.events(Slashed.class))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e)
                    .returns(cheater.address(), Slashed::provider)
                    .returns(STAKE / 10, Slashed::amount)
                    .returns(SlashReason.WRONG_RESULT, Slashed::reason));
  }

  @Test
  void buyerGetsItsShareOfTheSlashAndTheRestIsBurned() {
    catchTheCheater();

    assertThat(h.balance(h.buyer)).isEqualTo(buyerBefore + STAKE / 20);
    assertThat(Bank.burned(h.chain.state)).isEqualTo(burnedBefore + STAKE / 20);
  }

  @Test
  void bothAuditorsOfTheCaughtUnitArePaid() {
    catchTheCheater();

    assertThat(Audits.ofUnit(h.chain.state, job, 0))
        .extracting(AuditRecord::status)
        .containsExactly(AuditStatus.PAID, AuditStatus.PAID);
    assertThat(h.events(AuditPassed.class)).hasSize(2);
  }

  @Test
  void cheatersUnfinishedUnitsGoBackToAuctionAndItsLeaseClosesSlashed() {
    catchTheCheater();

    assertThat(Market.units(h.chain.state, job)).isEmpty();
    assertThat(h.events(UnitRequeued.class))
        .extracting(UnitRequeued::unit)
        .containsExactly(0, 1, 2);
    assertThat(h.lease(job, cheater).closeReason()).isEqualTo(CloseReason.SLASHED);
    assertThat(h.job(job).bidding()).isTrue();
  }

  @Test
  void openAuditOfAReleasedUnitIsCancelledAndItsRewardGoesBackToThePool() {
    long reserved = Audits.reservedRewards(h.chain.state);
    long pool = Bank.verificationPool(h.chain.state);

    catchTheCheater();

    assertThat(Audits.ofUnit(h.chain.state, job, 1))
        .extracting(AuditRecord::status)
        .containsExactly(AuditStatus.CANCELLED);
    assertThat(Audits.reservedRewards(h.chain.state)).isZero();
    // Unit 1's reward returns; unit 0's two rewards were paid out.
    assertThat(Bank.verificationPool(h.chain.state)).isEqualTo(pool + reserved - 3 * PRICE + PRICE);
  }

  @Test
  void caughtProviderStartsItsRunOfVerifiedUnitsOverAndIsAuditedAtTheStartRate() {
    catchTheCheater();

    assertThat(h.stats(cheater).auditsFailed()).isEqualTo(1);
    assertThat(h.stats(cheater).slashes()).isEqualTo(1);
    assertThat(Reputation.auditRatePpm(h.stats(cheater), h.params.audit()))
        .isEqualTo(h.params.audit().auditRateStartPpm());
  }

  @Test
  void buyerPaysOnlyForTheUnitsAnHonestProviderRanAgain() {
    catchTheCheater();
    KeyPair honest = h.p(3);
    h.runOk(h.chain.txs.placeBid(honest, job, PRICE, AuditHarness.GPU, 1, 3));
    h.advanceTo(h.job(job).biddingClosesAt());
    for (int unit = 0; unit < 3; unit++) {
      h.report(honest, job, unit, TRUE_OUTPUT);
    }
    h.block();
    answerOpenAudits();

    h.advanceTo(h.chain.height() + h.params.audit().challengeWindowBlocks());

    assertThat(h.job(job).status()).isEqualTo(JobStatus.DONE);
    List<UnitCompleted> paid = h.events(UnitCompleted.class);
    assertThat(paid)
        .hasSize(3)
        .allSatisfy(
            e ->
                assertThat(e)
                    .returns(JobIds.leaseId(job, honest.address()), UnitCompleted::leaseId)
                    .returns(PRICE, UnitCompleted::amount));
    assertThat(h.job(job).deposited()).isEqualTo(3 * PRICE);
  }

  private void answerOpenAudits() {
    for (int unit = 0; unit < 3; unit++) {
      List<AuditRecord> records = Audits.ofUnit(h.chain.state, job, unit);
      AuditRecord latest = records.get(records.size() - 1);
      if (latest.status() == AuditStatus.OPEN) {
        h.answer(h.key(latest.auditor()), job, unit, TRUE_OUTPUT);
      }
    }
  }

  @Test
  void burnedShareIsCountedSoTheSupplyStillAddsUp() {
    catchTheCheater();

    SupplyReport report = Supply.audit(h.chain.state);
    assertThat(report.burned()).isEqualTo(5 * GRID);
    assertThat(report.conserved()).isTrue();
  }
}
