package io.gridwork.bench.market;

import java.nio.file.Path;

/**
 * How {@link MarketBenchmark} loads the marketplace.
 *
 * @param agents provider agents started in-process, each with {@code gpusPerAgent} simulated GPUs
 * @param gpusPerAgent simulated RTX 4090s per agent; each runs one single-unit job at a time
 * @param buyers accounts the jobs are spread over, so no one account's nonces queue them all
 * @param warmupJobs jobs run to their paid unit before the timed phase, at the same rate, so the
 *     JIT compiler's work (a third of the CPU in a cold run) is not charged to the timed jobs
 * @param jobs single-unit jobs submitted in the timed phase
 * @param jobsPerSecond the rate jobs are offered at: one batch per block interval, so the load is a
 *     steady stream, as sustained throughput means, and not one burst that no fleet smaller than
 *     the burst can lease in a single auction
 * @param blockIntervalMillis the node's block interval
 * @param bidWindowBlocks blocks a job takes bids before its auction closes
 * @param dataDir where the node and agents keep their data; null = a temporary directory
 */
public record MarketBenchOptions(
    int agents,
    int gpusPerAgent,
    int buyers,
    int warmupJobs,
    int jobs,
    int jobsPerSecond,
    long blockIntervalMillis,
    long bidWindowBlocks,
    Path dataDir) {

  public MarketBenchOptions {
    positive("agents", agents);
    positive("gpus per agent", gpusPerAgent);
    positive("buyers", buyers);
    if (warmupJobs < 0) {
      throw new IllegalArgumentException("warm-up jobs must not be negative, got " + warmupJobs);
    }
    positive("jobs", jobs);
    positive("jobs per second", jobsPerSecond);
    positive("block interval", blockIntervalMillis);
    positive("bid window", bidWindowBlocks);
  }

  public static MarketBenchOptions defaults() {
    return new MarketBenchOptions(3, 64, 8, 300, 900, 60, 200, 5, null);
  }

  private static void positive(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + value);
    }
  }
}
