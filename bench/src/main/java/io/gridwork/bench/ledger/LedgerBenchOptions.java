package io.gridwork.bench.ledger;

import java.nio.file.Path;

/**
 * How {@link LedgerBenchmark} loads the node.
 *
 * @param accounts funded accounts that send transfers, each with its own nonce sequence
 * @param txsPerAccount transfers each account sends in the timed phase
 * @param warmupTxs transfers per warm-up round before the timed phase; rounds repeat (a few at
 *     most) until the JIT compiles little during one, so the hot paths are compiled before the
 *     clock starts
 * @param batchSize transactions per {@code POST /v1/txs/batch} request
 * @param submitters concurrent HTTP submitters
 * @param blockIntervalMillis the node's block interval
 * @param maxTxsPerBlock the node's block size limit
 * @param verifyThreads the node's signature threads, and the threads the verify bound is measured
 *     on
 * @param dataDir where the node keeps its RocksDB data; a temp directory when null
 */
public record LedgerBenchOptions(
    int accounts,
    int txsPerAccount,
    int warmupTxs,
    int batchSize,
    int submitters,
    long blockIntervalMillis,
    int maxTxsPerBlock,
    int verifyThreads,
    long verifyMillis,
    Path dataDir) {

  public LedgerBenchOptions {
    if (accounts < 2 || txsPerAccount < 1 || batchSize < 1 || submitters < 1) {
      throw new IllegalArgumentException(
          "need at least 2 accounts, 1 transfer per account, a batch of 1 and 1 submitter");
    }
    if (verifyThreads < 1
        || verifyMillis < 1
        || maxTxsPerBlock < 1
        || blockIntervalMillis < 1
        || warmupTxs < 0) {
      throw new IllegalArgumentException(
          "verify threads, block size and block interval must be positive");
    }
  }

  public static LedgerBenchOptions defaults() {
    return new LedgerBenchOptions(
        4_000,
        20,
        20_000,
        1_000,
        2,
        200,
        10_000,
        Runtime.getRuntime().availableProcessors(),
        3_000,
        null);
  }

  public int totalTxs() {
    return Math.multiplyExact(accounts, txsPerAccount);
  }
}
