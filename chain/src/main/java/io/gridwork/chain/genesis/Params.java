package io.gridwork.chain.genesis;

import io.gridwork.chain.state.Keys;
import io.gridwork.chain.state.ReadableState;
import io.gridwork.chain.state.State;
import io.gridwork.protocol.codec.CanonicalReader;
import io.gridwork.protocol.codec.CanonicalWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Ledger parameters fixed at genesis (governance may change them later): the smallest fee a
 * transaction may pay, the stake a provider needs to be active, how many blocks unbonding takes,
 * the marketplace's parameters, those of result verification, and those of lease liveness and SLAs.
 * The stored encoding appends each group after the ones before it.
 */
public record Params(
    long minFee,
    long minProviderStake,
    long unbondingPeriodBlocks,
    MarketParams market,
    AuditParams audit,
    LivenessParams liveness) {
  /** About ten years of one-second blocks; longer periods are surely a typo. */
  public static final long MAX_UNBONDING_PERIOD_BLOCKS = 315_360_000L;

  public Params {
    Objects.requireNonNull(market, "market");
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(liveness, "liveness");
  }

  /** Parameters with the default liveness parameters. */
  public Params(
      long minFee,
      long minProviderStake,
      long unbondingPeriodBlocks,
      MarketParams market,
      AuditParams audit) {
    this(minFee, minProviderStake, unbondingPeriodBlocks, market, audit, LivenessParams.defaults());
  }

  /** Parameters with the default verification and liveness parameters. */
  public Params(
      long minFee, long minProviderStake, long unbondingPeriodBlocks, MarketParams market) {
    this(minFee, minProviderStake, unbondingPeriodBlocks, market, AuditParams.defaults());
  }

  /** Parameters with the default marketplace, verification and liveness parameters. */
  public Params(long minFee, long minProviderStake, long unbondingPeriodBlocks) {
    this(minFee, minProviderStake, unbondingPeriodBlocks, MarketParams.defaults());
  }

  public static Params defaults() {
    return new Params(1_000, 100_000_000, 100);
  }

  /** These parameters with {@code market} as the marketplace's. */
  public Params withMarket(MarketParams market) {
    return new Params(minFee, minProviderStake, unbondingPeriodBlocks, market, audit, liveness);
  }

  /** These parameters with {@code audit} as the verification parameters. */
  public Params withAudit(AuditParams audit) {
    return new Params(minFee, minProviderStake, unbondingPeriodBlocks, market, audit, liveness);
  }

  /** These parameters with {@code liveness} as the liveness and SLA parameters. */
  public Params withLiveness(LivenessParams liveness) {
    return new Params(minFee, minProviderStake, unbondingPeriodBlocks, market, audit, liveness);
  }

  /** The parameters stored at genesis; a state without them was never initialised. */
  public static Params load(ReadableState state) {
    byte[] value = state.get(Keys.params());
    if (value == null) {
      throw new IllegalStateException("state holds no params: it was not initialised from genesis");
    }
    CanonicalReader r = new CanonicalReader(value);
    Params params =
        new Params(
            r.nonNegative("minFee"),
            r.nonNegative("minProviderStake"),
            r.nonNegative("unbondingPeriodBlocks"),
            MarketParams.read(r),
            AuditParams.read(r),
            LivenessParams.read(r));
    r.expectEnd("params");
    return params;
  }

  public void store(State state) {
    CanonicalWriter w =
        new CanonicalWriter(224).i64(minFee).i64(minProviderStake).i64(unbondingPeriodBlocks);
    market.write(w);
    audit.write(w);
    liveness.write(w);
    state.put(Keys.params(), w.toByteArray());
  }

  /** What is wrong with these parameters, in words an operator can act on; empty when sane. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (minFee < 0) {
      problems.add("params.minFee must not be negative, got " + minFee);
    }
    if (minProviderStake <= 0) {
      problems.add("params.minProviderStake must be positive, got " + minProviderStake);
    }
    if (unbondingPeriodBlocks < 1 || unbondingPeriodBlocks > MAX_UNBONDING_PERIOD_BLOCKS) {
      problems.add(
          "params.unbondingPeriodBlocks must be between 1 and "
              + MAX_UNBONDING_PERIOD_BLOCKS
              + ", got "
              + unbondingPeriodBlocks);
    }
    problems.addAll(market.problems());
    problems.addAll(audit.problems());
    problems.addAll(liveness.problems());
    if (market.networkFeeBps() >= 0
        && audit.verificationFeeBps() >= 0
        && market.networkFeeBps() + audit.verificationFeeBps() >= MarketParams.BPS) {
      problems.add(
          "params.market.networkFeeBps ("
              + market.networkFeeBps()
              + ") and params.audit.verificationFeeBps ("
              + audit.verificationFeeBps()
              + ") together must leave the provider part of every payment (below 10000)");
    }
    return problems;
  }
}
