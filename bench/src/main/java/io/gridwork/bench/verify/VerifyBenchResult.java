package io.gridwork.bench.verify;

import java.util.Locale;

/**
 * What {@link VerifyBenchmark} measured.
 *
 * @param steadyUnits honest units reported while their provider's audit rate was at the floor
 * @param steadyAudited how many of those the ledger picked for re-execution (a round-one audit)
 * @param trials cheating providers
 * @param unitsPerTrial units each cheater reported
 * @param detected cheaters slashed for a forged result within their units
 * @param falseSlashes slashes of a provider or auditor whose result was true
 * @param audits audit assignments of the whole run, every round and attempt
 * @param timedOut assignments whose auditor never answered
 * @param skipped units drawn for an audit that no auditor could take
 * @param windowBlocks the challenge window, in blocks
 * @param blockMillis the nominal block time
 * @param paymentP50Blocks median blocks from an honest unit's result to its payment
 * @param paymentP99Blocks 99th percentile of the same
 */
public record VerifyBenchResult(
    long steadyUnits,
    long steadyAudited,
    int trials,
    int unitsPerTrial,
    int detected,
    int falseSlashes,
    long audits,
    long timedOut,
    long skipped,
    long windowBlocks,
    long blockMillis,
    long paymentP50Blocks,
    long paymentP99Blocks) {

  /** Audited units per hundred units at steady state. */
  public double overheadPercent() {
    return steadyUnits == 0 ? 0 : 100.0 * steadyAudited / steadyUnits;
  }

  public double detectionPercent() {
    return 100.0 * detected / trials;
  }

  public String latencyLine() {
    return String.format(
        Locale.ROOT,
        "verify: challenge window adds %d blocks (%d ms at %d ms blocks); result to payment p50 %d"
            + " blocks (%d ms), p99 %d blocks (%d ms)",
        windowBlocks,
        windowBlocks * blockMillis,
        blockMillis,
        paymentP50Blocks,
        paymentP50Blocks * blockMillis,
        paymentP99Blocks,
        paymentP99Blocks * blockMillis);
  }

  public String summaryLine() {
    return String.format(
        Locale.ROOT,
        "verify: audit overhead %.1f%%, detection %.1f%% within %d units, false slashes %d",
        overheadPercent(),
        detectionPercent(),
        unitsPerTrial,
        falseSlashes);
  }
}
