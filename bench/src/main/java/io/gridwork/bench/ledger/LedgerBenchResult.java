package io.gridwork.bench.ledger;

import java.util.Locale;

/**
 * The figures of one ledger benchmark run: transactions the node reported committed per second
 * against Ed25519 verifications per second on the same number of threads.
 *
 * @param cpuMicrosPerTx process CPU time of the timed phase (node and load generator) per committed
 *     transaction
 * @param cpuMicrosPerVerify process CPU time per verification while the bound was measured; the
 *     ratio of the two is the ratio the run would reach if it had the machine's cores to itself
 */
public record LedgerBenchResult(
    long committed,
    long rejected,
    double seconds,
    double committedPerSecond,
    double verifyPerSecond,
    int verifyThreads,
    long blocks,
    double cpuMicrosPerTx,
    double cpuMicrosPerVerify) {

  public double ratio() {
    return committedPerSecond / verifyPerSecond;
  }

  /** The one line the benchmark ends with. */
  public String summaryLine() {
    return String.format(
        Locale.ROOT,
        "ledger: %.0f tx/s committed, verify bound %.0f/s, ratio %.2f",
        committedPerSecond,
        verifyPerSecond,
        ratio());
  }
}
