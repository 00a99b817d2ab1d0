package io.gridwork.chain.reputation;

import io.gridwork.chain.genesis.AuditParams;
import io.gridwork.chain.genesis.Params;
import io.gridwork.chain.staking.Provider;
import io.gridwork.chain.staking.Staking;
import io.gridwork.chain.state.Keys;
import io.gridwork.chain.state.ReadableState;
import io.gridwork.chain.state.State;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.codec.CanonicalReader;
import io.gridwork.protocol.codec.CanonicalWriter;
import java.math.BigInteger;
import java.util.function.UnaryOperator;

/**
 * Turns a provider's track record into the integer score (0 to 1000) that orders the auction, and
 * into the rate at which its results are re-executed; keeps the records in state.
 *
 * <p>Each part of the score is in parts per million: uptime (heartbeats received over expected,
 * received capped at expected, full when nothing was expected yet), completion ({@code (completed +
 * 1) / (completed + abandoned + 1)}), audits ({@code (passed + 1) / (passed + 4 × failed + 1)}, a
 * failure weighing four passes) and age (blocks since registration over {@code
 * reputationAgeFullBlocks}, capped). The score weighs them 350, 250, 300 and 100 and divides by a
 * million, rounding down. All arithmetic is on integers and exact.
 */
public final class Reputation {
  public static final int MAX_SCORE = 1_000;
  private static final long PPM = AuditParams.PPM;
  private static final int UPTIME_WEIGHT = 350;
  private static final int COMPLETION_WEIGHT = 250;
  private static final int AUDITS_WEIGHT = 300;
  private static final int AGE_WEIGHT = 100;
  private static final int FAILED_AUDIT_WEIGHT = 4;

  private Reputation() {}

  /** The provider's stats; all zeros for a provider with no record yet. */
  public static ProviderStats stats(ReadableState state, Address provider) {
    byte[] value = state.get(Keys.providerStats(provider));
    return value == null ? ProviderStats.ZERO : decode(value);
  }

  /** A provider's track record with the score and audit rate it earns at a height. */
  public record ProviderReputation(ProviderStats stats, int score, long auditRatePpm) {}

  /**
   * The provider's stats, score and audit rate at {@code height}, under the chain's parameters; for
   * queries.
   */
  public static ProviderReputation of(ReadableState state, Address provider, long height) {
    AuditParams params = Params.load(state).audit();
    ProviderStats stats = stats(state, provider);
    return new ProviderReputation(
        stats, score(state, provider, height, params), auditRatePpm(stats, params));
  }

  /**
   * The provider's score at {@code height}; its age counts from its registration (a provider never
   * registered is as new as can be).
   */
  public static int score(ReadableState state, Address provider, long height, AuditParams params) {
    long registeredAt =
        Staking.provider(state, provider).map(Provider::registeredAtHeight).orElse(height);
    return score(stats(state, provider), registeredAt, height, params);
  }

  /** Replaces the provider's stats with {@code change} applied to them. */
  public static void update(State state, Address provider, UnaryOperator<ProviderStats> change) {
    ProviderStats next = change.apply(stats(state, provider));
    state.put(Keys.providerStats(provider), encode(next));
  }

  /** The provider's score, 0 (worst) to 1000 (best), at {@code height}. */
  public static int score(
      ProviderStats stats, long registeredAtHeight, long height, AuditParams params) {
    return breakdown(stats, registeredAtHeight, height, params).score();
  }

  /**
   * One part of a score: how much of it the provider earned, in parts per million, and how many of
   * the score's 1000 points the part weighs.
   */
  public record Part(long ppm, int weight) {
    /** The points the part contributes on its own, rounded down. */
    public long points() {
      return ppm * weight / PPM;
    }
  }

  /** A score taken apart, so a provider sees which part costs it and a buyer why a bid ranks. */
  public record Breakdown(Part uptime, Part completion, Part audits, Part age) {
    /** The score the parts make: their weighted sum divided by a million, rounded down. */
    public int score() {
      long weighted =
          uptime.weight() * uptime.ppm()
              + completion.weight() * completion.ppm()
              + audits.weight() * audits.ppm()
              + age.weight() * age.ppm();
      return (int) (weighted / PPM);
    }
  }

  /**
   * The parts of the provider's score at {@code height}, registered at {@code registeredAtHeight}.
   */
  public static Breakdown breakdown(
      ProviderStats stats, long registeredAtHeight, long height, AuditParams params) {
    long expected = stats.heartbeatsExpected();
    long uptime =
        expected == 0 ? PPM : ppm(Math.min(stats.heartbeatsReceived(), expected), expected);
    long completion =
        ppm(
            plusOne(stats.unitsCompleted()),
            plusOne(saturatingAdd(stats.unitsCompleted(), stats.unitsAbandoned())));
    long audits =
        ppm(
            plusOne(stats.auditsPassed()),
            plusOne(
                saturatingAdd(
                    stats.auditsPassed(),
                    saturatingMultiply(stats.auditsFailed(), FAILED_AUDIT_WEIGHT))));
    long full = params.reputationAgeFullBlocks();
    long age = ppm(Math.min(full, Math.max(0, height - registeredAtHeight)), full);
    return new Breakdown(
        new Part(uptime, UPTIME_WEIGHT),
        new Part(completion, COMPLETION_WEIGHT),
        new Part(audits, AUDITS_WEIGHT),
        new Part(age, AGE_WEIGHT));
  }

  /**
   * The share of the provider's deterministic units to re-execute, in parts per million: {@code
   * max(floor, start × H / (H + n))} with {@code n} its consecutive verified units and {@code H}
   * the half-life, rounded down.
   */
  public static long auditRatePpm(ProviderStats stats, AuditParams params) {
    long halfLife = params.auditHalfLifeUnits();
    long decayed =
        BigInteger.valueOf(params.auditRateStartPpm())
            .multiply(BigInteger.valueOf(halfLife))
            .divide(
                BigInteger.valueOf(halfLife).add(BigInteger.valueOf(stats.consecutiveVerified())))
            .longValueExact();
    return Math.max(params.auditRateFloorPpm(), decayed);
  }

  /**
   * The price the auction ranks a bid by: {@code price × (2000 − score) / 1000}, rounded down, so a
   * perfect provider competes at its price and an unknown one as if it asked up to twice as much.
   * Winners are still paid their bid price. Saturates at {@link Long#MAX_VALUE}, which only prices
   * beyond any real job's ceiling reach.
   */
  public static long effectivePrice(long price, int score) {
    BigInteger effective =
        BigInteger.valueOf(price)
            .multiply(BigInteger.valueOf(2L * MAX_SCORE - score))
            .divide(BigInteger.valueOf(MAX_SCORE));
    return effective.bitLength() < Long.SIZE ? effective.longValue() : Long.MAX_VALUE;
  }

  private static long ppm(long numerator, long denominator) {
    return BigInteger.valueOf(numerator)
        .multiply(BigInteger.valueOf(PPM))
        .divide(BigInteger.valueOf(denominator))
        .longValueExact();
  }

  // Counters are far below these limits in practice; saturating keeps a score computable anyway.
  private static long plusOne(long v) {
    return v == Long.MAX_VALUE ? v : v + 1;
  }

  private static long saturatingAdd(long a, long b) {
    return Long.MAX_VALUE - a < b ? Long.MAX_VALUE : a + b;
  }

  private static long saturatingMultiply(long a, int b) {
    return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
  }

  static byte[] encode(ProviderStats s) {
    return new CanonicalWriter(72)
        .i64(s.heartbeatsReceived())
        .i64(s.heartbeatsExpected())
        .i64(s.unitsCompleted())
        .i64(s.unitsAbandoned())
        .i64(s.auditsPassed())
        .i64(s.auditsFailed())
        .i64(s.auditsAbandoned())
        .i64(s.consecutiveVerified())
        .i64(s.slashes())
        .toByteArray();
  }

  static ProviderStats decode(byte[] value) {
    CanonicalReader r = new CanonicalReader(value);
    ProviderStats stats =
        new ProviderStats(
            r.nonNegative("heartbeats received"),
            r.nonNegative("heartbeats expected"),
            r.nonNegative("units completed"),
            r.nonNegative("units abandoned"),
            r.nonNegative("audits passed"),
            r.nonNegative("audits failed"),
            r.nonNegative("audits abandoned"),
            r.nonNegative("consecutive verified"),
            r.nonNegative("slashes"));
    r.expectEnd("provider stats");
    return stats;
  }
}
