package io.gridwork.chain.reputation;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.TestChain;
import io.gridwork.chain.genesis.AuditParams;
import io.gridwork.chain.state.MemoryState;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.testkit.TestKeys;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ReputationTest {
  private static final AuditParams PARAMS = AuditParams.defaults();
  private final Address provider = TestKeys.key("provider").address();

  private static ProviderStats stats(
      long received, long expected, long completed, long abandoned, long passed, long failed) {
    return new ProviderStats(received, expected, completed, abandoned, passed, failed, 0, 0, 0);
  }

  @Test
  void queryGivesTheStatsScoreAndAuditRateOfARegisteredProvider() {
    KeyPair key = TestKeys.key("registered");
    TestChain chain = TestChain.funded(1_000 * TestChain.GRID, key);
    chain.run(chain.txs.registerProvider(key, "RTX 4090", 1, "eu-west", 100 * TestChain.GRID));
    Reputation.update(chain.state, key.address(), ProviderStats::withUnitVerified);

    Reputation.ProviderReputation reputation =
        Reputation.of(chain.state, key.address(), 1 + 50_000);

    assertThat(reputation.stats().consecutiveVerified()).isEqualTo(1);
    assertThat(reputation.score()).isEqualTo(950);
    assertThat(reputation.auditRatePpm()).isEqualTo(1_000_000L * 30 / 31);
  }

  @Test
  void breakdownGivesEachPartItsShareAndWeight() {
    // 3 of 4 heartbeats, 3 of 4 units completed, 1 pass against 1 failure, half the full age.
    Reputation.Breakdown parts =
        Reputation.breakdown(
            stats(3, 4, 3, 1, 1, 1), 0, PARAMS.reputationAgeFullBlocks() / 2, PARAMS);

    assertThat(parts.uptime()).isEqualTo(new Reputation.Part(750_000, 350));
    assertThat(parts.completion()).isEqualTo(new Reputation.Part(800_000, 250));
    assertThat(parts.audits()).isEqualTo(new Reputation.Part(2_000_000 / 6, 300));
    assertThat(parts.age()).isEqualTo(new Reputation.Part(500_000, 100));
    assertThat(parts.uptime().points()).isEqualTo(262);
    assertThat(parts.score()).isEqualTo(612);
  }

  @Test
  void providerWithoutARecordHasZeroStats() {
    assertThat(Reputation.stats(new MemoryState(), provider)).isEqualTo(ProviderStats.ZERO);
  }

  @Test
  void updatedStatsAreStoredAndReadBack() {
    MemoryState state = new MemoryState();

    Reputation.update(state, provider, s -> s.withHeartbeatReceived().withHeartbeatsExpected(4));
    Reputation.update(state, provider, ProviderStats::withUnitVerified);

    assertThat(Reputation.stats(state, provider))
        .isEqualTo(new ProviderStats(1, 4, 1, 0, 0, 0, 0, 1, 0));
  }

  @Test
  void storedStatsRoundTripThroughTheirEncoding() {
    ProviderStats stats = new ProviderStats(1, 2, 3, 4, 5, 6, 7, 8, 9);

    assertThat(Reputation.decode(Reputation.encode(stats))).isEqualTo(stats);
  }

  @Test
  void failedAuditEndsTheRunOfVerifiedUnits() {
    ProviderStats stats = ProviderStats.ZERO.withUnitVerified().withUnitVerified();

    ProviderStats failed = stats.withAuditFailed();

    assertThat(failed.consecutiveVerified()).isZero();
    assertThat(failed.auditsFailed()).isEqualTo(1);
    assertThat(failed.unitsCompleted()).isEqualTo(2);
  }

  @Test
  void newProviderScoresEverythingButAge() {
    int score = Reputation.score(ProviderStats.ZERO, 100, 100, PARAMS);

    assertThat(score).isEqualTo(900);
  }

  @Test
  void establishedFlawlessProviderScoresTheMaximum() {
    int score = Reputation.score(stats(50, 50, 10, 0, 3, 0), 0, 100_000, PARAMS);

    assertThat(score).isEqualTo(1_000);
  }

  @Test
  void scoreWeighsEachPartAsTheFormulaSays() {
    // uptime 1/2, completion 2/4, audits 2/(1 + 4 + 1), age 1/2
    ProviderStats stats = stats(5, 10, 1, 2, 1, 1);

    int score = Reputation.score(stats, 0, 50_000, PARAMS);

    long expected = (350L * 500_000 + 250L * 500_000 + 300L * 333_333 + 100L * 500_000) / 1_000_000;
    assertThat(score).isEqualTo((int) expected);
  }

  @Test
  void heartbeatsBeyondThoseExpectedDoNotRaiseUptime() {
    int capped = Reputation.score(stats(20, 10, 0, 0, 0, 0), 0, 0, PARAMS);
    int exact = Reputation.score(stats(10, 10, 0, 0, 0, 0), 0, 0, PARAMS);

    assertThat(capped).isEqualTo(exact);
  }

  @Test
  void failedAuditCostsMoreThanAPassedOneGains() {
    int clean = Reputation.score(stats(0, 0, 0, 0, 4, 0), 0, 0, PARAMS);
    int failed = Reputation.score(stats(0, 0, 0, 0, 5, 1), 0, 0, PARAMS);

    assertThat(failed).isLessThan(clean);
  }

  @Test
  void auditRateStartsAtTheStartRate() {
    assertThat(Reputation.auditRatePpm(ProviderStats.ZERO, PARAMS)).isEqualTo(1_000_000);
  }

  @Test
  void auditRateHalvesAfterHalfLifeVerifiedUnits() {
    ProviderStats stats = new ProviderStats(0, 0, 30, 0, 0, 0, 0, 30, 0);

    assertThat(Reputation.auditRatePpm(stats, PARAMS)).isEqualTo(500_000);
  }

  @Test
  void auditRateOfAnEstablishedProviderIsTheFloor() {
    ProviderStats stats = new ProviderStats(0, 0, 5_000, 0, 0, 0, 0, 5_000, 0);

    assertThat(Reputation.auditRatePpm(stats, PARAMS)).isEqualTo(20_000);
  }

  @Test
  void perfectProviderCompetesAtItsPriceAndTheWorstAtTwice() {
    assertThat(Reputation.effectivePrice(1_000, 1_000)).isEqualTo(1_000);
    assertThat(Reputation.effectivePrice(1_000, 0)).isEqualTo(2_000);
    assertThat(Reputation.effectivePrice(1_000, 900)).isEqualTo(1_100);
  }

  @Test
  void effectivePriceSaturatesInsteadOfOverflowing() {
    assertThat(Reputation.effectivePrice(Long.MAX_VALUE, 0)).isEqualTo(Long.MAX_VALUE);
  }

  @Property(tries = 200)
  void scoreStaysWithinZeroAndAThousand(
      @ForAll @LongRange(max = 1_000_000_000_000L) long received,
      @ForAll @LongRange(max = 1_000_000_000_000L) long expected,
      @ForAll @LongRange(max = 1_000_000_000_000L) long completed,
      @ForAll @LongRange(max = 1_000_000_000_000L) long abandoned,
      @ForAll @LongRange(max = 1_000_000_000_000L) long passed,
      @ForAll @LongRange(max = 1_000_000_000_000L) long failed,
      @ForAll @LongRange(max = Long.MAX_VALUE / 2) long age) {
    int score =
        Reputation.score(
            stats(received, expected, completed, abandoned, passed, failed), 0, age, PARAMS);

    assertThat(score).isBetween(0, 1_000);
  }

  @Property(tries = 200)
  void auditRateNeverRisesAsVerifiedUnitsAccumulate(
      @ForAll @LongRange(max = 1_000_000) long verified, @ForAll @IntRange(max = 100) int more) {
    ProviderStats before = new ProviderStats(0, 0, 0, 0, 0, 0, 0, verified, 0);
    ProviderStats after = new ProviderStats(0, 0, 0, 0, 0, 0, 0, verified + more, 0);

    assertThat(Reputation.auditRatePpm(after, PARAMS))
        .isLessThanOrEqualTo(Reputation.auditRatePpm(before, PARAMS))
        .isGreaterThanOrEqualTo(PARAMS.auditRateFloorPpm());
  }
}
