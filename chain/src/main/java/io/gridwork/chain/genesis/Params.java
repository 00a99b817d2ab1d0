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
 * the marketplace's parameters and those of lease liveness and SLAs.
 */
public record Params(
    long minFee,
    long minProviderStake,
    long unbondingPeriodBlocks,
    MarketParams market,
    LivenessParams liveness) {
  /** About ten years of one-second blocks; longer periods are surely a typo. */
  public static final long MAX_UNBONDING_PERIOD_BLOCKS = 315_360_000L;

  public Params {
    Objects.requireNonNull(market, "market");
    Objects.requireNonNull(liveness, "liveness");
  }

  /** Parameters with the default liveness parameters. */
  public Params(
      long minFee, long minProviderStake, long unbondingPeriodBlocks, MarketParams market) {
    this(minFee, minProviderStake, unbondingPeriodBlocks, market, LivenessParams.defaults());
  }

  /** Parameters with the default marketplace and liveness parameters. */
  public Params(long minFee, long minProviderStake, long unbondingPeriodBlocks) {
    this(minFee, minProviderStake, unbondingPeriodBlocks, MarketParams.defaults());
  }

  public static Params defaults() {
    return new Params(1_000, 100_000_000, 100);
  }

  /** These parameters with {@code market} as the marketplace's. */
  public Params withMarket(MarketParams market) {
    return new Params(minFee, minProviderStake, unbondingPeriodBlocks, market, liveness);
  }

  /** These parameters with {@code liveness} as the liveness and SLA parameters. */
  public Params withLiveness(LivenessParams liveness) {
    return new Params(minFee, minProviderStake, unbondingPeriodBlocks, market, liveness);
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
            LivenessParams.read(r));
    r.expectEnd("params");
    return params;
  }

  public void store(State state) {
    CanonicalWriter w =
        new CanonicalWriter(72).i64(minFee).i64(minProviderStake).i64(unbondingPeriodBlocks);
    market.write(w);
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
    problems.addAll(liveness.problems());
    return problems;
  }
}
