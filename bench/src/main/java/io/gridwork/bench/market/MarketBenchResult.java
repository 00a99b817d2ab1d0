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
 * @param stages where the jobs' time went
 */
public record MarketBenchResult(
    int jobs,
    double seconds,
    long auctionP50Millis,
    long auctionP99Millis,
    long bidWindowMillis,
    Stages stages) {

  /**
   * The stages of the jobs' lives, by block time.
   *
   * @param firstRoundJobs jobs whose lease opened in their first auction round
   * @param maxRounds the most auction rounds a job needed
   * @param firstRoundBidsP50 median number of bids a job drew before its first auction closed
   * @param leaseP50Millis median block time from a lease opening to its unit paid
   * @param leaseP99Millis 99th percentile of the same
   * @param cpuMillisPerJob CPU time the node, agents and benchmark spent per job in the timed phase
   */
  public record Stages(
      int firstRoundJobs,
      int maxRounds,
      long firstRoundBidsP50,
      long leaseP50Millis,
      long leaseP99Millis,
      double cpuMillisPerJob) {}

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

  /** Where the time went: auction rounds, bids and how long leases held their GPU. */
  public String stagesLine() {
    return String.format(
        Locale.ROOT,
        "%d of %d jobs leased in their first auction round (at most %d rounds), %d bids per job"
            + " in it (median); lease open to unit paid p50 %d ms p99 %d ms; %.1f ms CPU per job"
            + " (node, agents, benchmark; sandboxes not counted)",
        stages.firstRoundJobs(),
        jobs,
        stages.maxRounds(),
        stages.firstRoundBidsP50(),
        stages.leaseP50Millis(),
        stages.leaseP99Millis(),
        stages.cpuMillisPerJob());
  }
}
