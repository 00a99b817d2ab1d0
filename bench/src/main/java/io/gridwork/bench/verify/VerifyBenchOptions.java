package io.gridwork.bench.verify;

/**
 * How {@link VerifyBenchmark} populates its chain.
 *
 * @param trials cheating providers, each on its own job of {@code unitsPerTrial} units; one trial
 *     each
 * @param unitsPerTrial units a cheater reports, one per block; detection counts slashes within them
 * @param cheatPercent share of a cheater's units it reports with a forged output
 * @param honestProviders providers that always report the true output; the overhead is measured on
 *     them once the ledger audits them at its floor rate
 * @param steadyUnits units each honest provider reports once its audit rate has reached the floor
 * @param honestUnitsPerBlock units an honest provider reports per block
 * @param auditorDropPercent share of audit assignments the auditor never answers, as if it crashed
 * @param seed seeds which units cheaters forge and which assignments auditors drop
 */
public record VerifyBenchOptions(
    int trials,
    int unitsPerTrial,
    int cheatPercent,
    int honestProviders,
    int steadyUnits,
    int honestUnitsPerBlock,
    int auditorDropPercent,
    long seed) {

  public VerifyBenchOptions {
    atLeast("trials", trials, 1);
    atLeast("units per trial", unitsPerTrial, 1);
    percent("cheat percent", cheatPercent);
    // A dispute needs an auditor and a tie-breaker besides the audited provider.
    atLeast("honest providers", honestProviders, 3);
    atLeast("steady units", steadyUnits, 1);
    atLeast("honest units per block", honestUnitsPerBlock, 1);
    percent("auditor drop percent", auditorDropPercent);
    if (auditorDropPercent == 100) {
      throw new IllegalArgumentException("auditor drop percent must be below 100");
    }
  }

  public static VerifyBenchOptions defaults() {
    return new VerifyBenchOptions(400, 200, 10, 8, 2_500, 20, 5, 1);
  }

  private static void atLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
    }
  }

  private static void percent(String name, int value) {
    if (value < 0 || value > 100) {
      throw new IllegalArgumentException(name + " must be between 0 and 100, got " + value);
    }
  }
}
