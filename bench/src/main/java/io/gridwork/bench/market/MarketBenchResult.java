package io.gridwork.bench.market;

import java.util.Locale;

/**
 * What {@link MarketBenchmark} measured.
 *
 * @param jobs single-unit jobs that ran to their paid unit
 * @param seconds from the first CreateJob submitted to the last unit paid, as seen by the benchmark
 * @param auctionP50Millis median block time from a job's creation to its lease opening
 * @param auctionP99Millis 99th percentile of the same
 * @param bidWindowMillis the bid window in milliseconds, the auction's lower bound
 */
public record MarketBenchResult(
    int jobs, double seconds, long auctionP50Millis, long auctionP99Millis, long bidWindowMillis) {

  public double jobsPerSecond() {
    return jobs / seconds;
  }

  /** Every job has one unit, so units per second equal jobs per second here. */
  public double unitsPerSecond() {
    return jobs / seconds;
  }

  public String summaryLine() {
    return String.format(
        Locale.ROOT,
        "market: %.1f jobs/s end to end, %.1f units/s, auction latency p50 %d ms p99 %d ms",
        jobsPerSecond(),
        unitsPerSecond(),
        auctionP50Millis,
        auctionP99Millis);
  }
}
