package io.gridwork.chain.genesis;

import io.gridwork.protocol.codec.CanonicalReader;
import io.gridwork.protocol.codec.CanonicalWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The marketplace's parameters: how long bidding lasts, how many bids a job may have, how many
 * auction rounds in a row may place no work before the job closes, the smallest deposit, the
 * network's cut of every payment, the collateral a bid locks, and the nominal block time that turns
 * per-GPU-hour prices into per-block rates.
 */
public record MarketParams(
    long bidWindowBlocks,
    int maxBidsPerJob,
    int maxAuctionRounds,
    long minDeposit,
    int networkFeeBps,
    long bidCollateral,
    long nominalBlockMillis) {
  public static final long MAX_BID_WINDOW_BLOCKS = 100_000;
  public static final int MAX_BIDS_PER_JOB = 1_024;
  public static final int MAX_AUCTION_ROUNDS = 100;
  public static final int BPS = 10_000;
  public static final long MILLIS_PER_HOUR = 3_600_000;

  public static MarketParams defaults() {
    return new MarketParams(3, 64, 3, 1_000_000, 100, 1_000_000, 1_000);
  }

  static MarketParams read(CanonicalReader r) {
    return new MarketParams(
        r.nonNegative("bidWindowBlocks"),
        r.i32("maxBidsPerJob"),
        r.i32("maxAuctionRounds"),
        r.nonNegative("minDeposit"),
        r.i32("networkFeeBps"),
        r.nonNegative("bidCollateral"),
        r.nonNegative("nominalBlockMillis"));
  }

  void write(CanonicalWriter w) {
    w.i64(bidWindowBlocks)
        .i32(maxBidsPerJob)
        .i32(maxAuctionRounds)
        .i64(minDeposit)
        .i32(networkFeeBps)
        .i64(bidCollateral)
        .i64(nominalBlockMillis);
  }

  /** What is wrong with these parameters, in words an operator can act on; empty when sane. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (bidWindowBlocks < 1 || bidWindowBlocks > MAX_BID_WINDOW_BLOCKS) {
      problems.add(
          "params.market.bidWindowBlocks must be between 1 and "
              + MAX_BID_WINDOW_BLOCKS
              + ", got "
              + bidWindowBlocks);
    }
    if (maxBidsPerJob < 1 || maxBidsPerJob > MAX_BIDS_PER_JOB) {
      problems.add(
          "params.market.maxBidsPerJob must be between 1 and "
              + MAX_BIDS_PER_JOB
              + ", got "
              + maxBidsPerJob);
    }
    if (maxAuctionRounds < 1 || maxAuctionRounds > MAX_AUCTION_ROUNDS) {
      problems.add(
          "params.market.maxAuctionRounds must be between 1 and "
              + MAX_AUCTION_ROUNDS
              + ", got "
              + maxAuctionRounds);
    }
    if (minDeposit < 1) {
      problems.add("params.market.minDeposit must be positive, got " + minDeposit);
    }
    if (networkFeeBps < 0 || networkFeeBps >= BPS) {
      problems.add(
          "params.market.networkFeeBps must be between 0 and 9999 (basis points), got "
              + networkFeeBps);
    }
    if (bidCollateral < 0) {
      problems.add("params.market.bidCollateral must not be negative, got " + bidCollateral);
    }
    if (nominalBlockMillis < 1 || nominalBlockMillis > MILLIS_PER_HOUR) {
      problems.add(
          "params.market.nominalBlockMillis must be between 1 and "
              + MILLIS_PER_HOUR
              + ", got "
              + nominalBlockMillis);
    }
    return problems;
  }
}
