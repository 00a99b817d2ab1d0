package io.gridwork.bench.market;

import java.nio.file.Path;

/**
 * How {@link MarketBenchmark} loads the marketplace.
 *
 * @param agents provider agents started in-process, each with {@code gpusPerAgent} simulated GPUs
 * @param gpusPerAgent simulated RTX 4090s per agent; each runs one single-unit job at a time
 * @param buyers accounts the jobs are spread over, so no one account's nonces queue them all
 * @param jobs single-unit jobs submitted in the timed phase
 * @param blockIntervalMillis the node's block interval
 * @param bidWindowBlocks blocks a job takes bids before its auction closes
 * @param dataDir where the node and agents keep their data; null = a temporary directory
 */
public record MarketBenchOptions(
    int agents,
    int gpusPerAgent,
    int buyers,
    int jobs,
    long blockIntervalMillis,
    long bidWindowBlocks,
    Path dataDir) {

  public MarketBenchOptions {
    positive("agents", agents);
    positive("gpus per agent", gpusPerAgent);
    positive("buyers", buyers);
    positive("jobs", jobs);
    positive("block interval", blockIntervalMillis);
    positive("bid window", bidWindowBlocks);
  }

  public static MarketBenchOptions defaults() {
    return new MarketBenchOptions(3, 16, 8, 300, 200, 5, null);
  }

  private static void positive(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + value);
    }
  }
}
