package io.gridwork.chain.genesis;

import io.gridwork.protocol.codec.CanonicalReader;
import io.gridwork.protocol.codec.CanonicalWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of result verification and reputation: how long a deterministic unit's payment is
 * held after it is reported, how often a provider's units are re-executed (from {@code
 * auditRateStartPpm} for a new provider down to {@code auditRateFloorPpm}, halving after {@code
 * auditHalfLifeUnits} consecutive verified units), how long an auditor has and how many auditors a
 * round tries, the verification fee every deterministic unit pays into the verification pool, the
 * share of stake a provider found wrong loses and how much of it goes to the buyer, and the age at
 * which a provider counts as fully established.
 */
public record AuditParams(
    long challengeWindowBlocks,
    long auditRateStartPpm,
    long auditRateFloorPpm,
    long auditHalfLifeUnits,
    long auditTimeoutBlocks,
    int maxAuditAttempts,
    int verificationFeeBps,
    int slashFractionBps,
    int slashBuyerShareBps,
    long reputationAgeFullBlocks) {
  public static final long PPM = 1_000_000;
  public static final int BPS = 10_000;
  public static final long MAX_WINDOW_BLOCKS = 1_000_000;
  public static final long MAX_HALF_LIFE_UNITS = 1_000_000_000;
  public static final int MAX_AUDIT_ATTEMPTS = 10;

  public static AuditParams defaults() {
    return new AuditParams(5, 1_000_000, 20_000, 30, 20, 3, 500, 1_000, 5_000, 100_000);
  }

  static AuditParams read(CanonicalReader r) {
    return new AuditParams(
        r.nonNegative("challengeWindowBlocks"),
        r.nonNegative("auditRateStartPpm"),
        r.nonNegative("auditRateFloorPpm"),
        r.nonNegative("auditHalfLifeUnits"),
        r.nonNegative("auditTimeoutBlocks"),
        r.i32("maxAuditAttempts"),
        r.i32("verificationFeeBps"),
        r.i32("slashFractionBps"),
        r.i32("slashBuyerShareBps"),
        r.nonNegative("reputationAgeFullBlocks"));
  }

  void write(CanonicalWriter w) {
    w.i64(challengeWindowBlocks)
        .i64(auditRateStartPpm)
        .i64(auditRateFloorPpm)
        .i64(auditHalfLifeUnits)
        .i64(auditTimeoutBlocks)
        .i32(maxAuditAttempts)
        .i32(verificationFeeBps)
        .i32(slashFractionBps)
        .i32(slashBuyerShareBps)
        .i64(reputationAgeFullBlocks);
  }

  /** What is wrong with these parameters, in words an operator can act on; empty when sane. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (challengeWindowBlocks < 1 || challengeWindowBlocks > MAX_WINDOW_BLOCKS) {
      problems.add(
          "params.audit.challengeWindowBlocks must be between 1 and "
              + MAX_WINDOW_BLOCKS
              + " (the sampler runs one block after a report, inside the window), got "
              + challengeWindowBlocks);
    }
    if (auditRateStartPpm < 0 || auditRateStartPpm > PPM) {
      problems.add(
          "params.audit.auditRateStartPpm must be between 0 and 1000000 (parts per million), got "
              + auditRateStartPpm);
    }
    if (auditRateFloorPpm < 0 || auditRateFloorPpm > auditRateStartPpm) {
      problems.add(
          "params.audit.auditRateFloorPpm must be between 0 and auditRateStartPpm ("
              + auditRateStartPpm
              + "), got "
              + auditRateFloorPpm);
    }
    if (auditHalfLifeUnits < 1 || auditHalfLifeUnits > MAX_HALF_LIFE_UNITS) {
      problems.add(
          "params.audit.auditHalfLifeUnits must be between 1 and "
              + MAX_HALF_LIFE_UNITS
              + ", got "
              + auditHalfLifeUnits);
    }
    if (auditTimeoutBlocks < 1 || auditTimeoutBlocks > MAX_WINDOW_BLOCKS) {
      problems.add(
          "params.audit.auditTimeoutBlocks must be between 1 and "
              + MAX_WINDOW_BLOCKS
              + ", got "
              + auditTimeoutBlocks);
    }
    if (maxAuditAttempts < 1 || maxAuditAttempts > MAX_AUDIT_ATTEMPTS) {
      problems.add(
          "params.audit.maxAuditAttempts must be between 1 and "
              + MAX_AUDIT_ATTEMPTS
              + ", got "
              + maxAuditAttempts);
    }
    checkBps(problems, "verificationFeeBps", verificationFeeBps);
    checkBps(problems, "slashFractionBps", slashFractionBps);
    checkBps(problems, "slashBuyerShareBps", slashBuyerShareBps);
    if (reputationAgeFullBlocks < 1) {
      problems.add(
          "params.audit.reputationAgeFullBlocks must be positive, got " + reputationAgeFullBlocks);
    }
    return problems;
  }

  private static void checkBps(List<String> problems, String name, int value) {
    if (value < 0 || value > BPS) {
      problems.add(
          "params.audit." + name + " must be between 0 and 10000 (basis points), got " + value);
    }
  }
}
