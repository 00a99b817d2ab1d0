package io.gridwork.chain.genesis;

import io.gridwork.protocol.codec.CanonicalReader;
import io.gridwork.protocol.codec.CanonicalWriter;
import io.gridwork.protocol.spec.JobSpecValidator;
import io.gridwork.protocol.spec.SlaTier;
import java.util.ArrayList;
import java.util.List;

/**
 * How the ledger judges that a lease's work is alive and what a broken promise costs: a lease
 * holder heartbeats every {@code heartbeatIntervalBlocks}; a lease silent for more than {@code
 * heartbeatGraceBlocks} is suspended and one silent for {@code heartbeatTimeoutBlocks} is closed.
 * The standard and premium SLA tiers promise an uptime (basis points of the heartbeats expected)
 * and owe the buyer a compensation per GPU, from the provider's stake, when a lease breaks it;
 * best-effort promises nothing and owes nothing.
 */
public record LivenessParams(
    long heartbeatIntervalBlocks,
    long heartbeatGraceBlocks,
    long heartbeatTimeoutBlocks,
    int standardUptimeBps,
    long standardCompensationPerGpu,
    int premiumUptimeBps,
    long premiumCompensationPerGpu) {
  /** About eleven days of one-second blocks; a longer silence is surely a typo. */
  public static final long MAX_HEARTBEAT_BLOCKS = 1_000_000;

  /** The most a GPU's compensation may be, so that a job's largest lease's compensation fits. */
  public static final long MAX_COMPENSATION_PER_GPU = Long.MAX_VALUE / JobSpecValidator.MAX_GPUS;

  private static final long GRID = 1_000_000;

  public static LivenessParams defaults() {
    return new LivenessParams(5, 15, 40, 9_500, 5 * GRID, 9_900, 20 * GRID);
  }

  /** The uptime a lease of {@code tier} promises, in basis points; 0 for best-effort. */
  public int uptimeBps(SlaTier tier) {
    return switch (tier) {
      case BEST_EFFORT -> 0;
      case STANDARD -> standardUptimeBps;
      case PREMIUM -> premiumUptimeBps;
    };
  }

  /** What a lease of {@code tier} owes per GPU when it breaks its promise; 0 for best-effort. */
  public long compensationPerGpu(SlaTier tier) {
    return switch (tier) {
      case BEST_EFFORT -> 0;
      case STANDARD -> standardCompensationPerGpu;
      case PREMIUM -> premiumCompensationPerGpu;
    };
  }

  /**
   * What a lease of {@code tier} on {@code gpuCount} GPUs owes when it breaks its promise; a
   * CPU-only lease counts as one GPU.
   */
  public long compensation(SlaTier tier, int gpuCount) {
    return Math.multiplyExact(compensationPerGpu(tier), (long) Math.max(1, gpuCount));
  }

  static LivenessParams read(CanonicalReader r) {
    return new LivenessParams(
        r.nonNegative("heartbeatIntervalBlocks"),
        r.nonNegative("heartbeatGraceBlocks"),
        r.nonNegative("heartbeatTimeoutBlocks"),
        r.i32("standardUptimeBps"),
        r.nonNegative("standardCompensationPerGpu"),
        r.i32("premiumUptimeBps"),
        r.nonNegative("premiumCompensationPerGpu"));
  }

  void write(CanonicalWriter w) {
    w.i64(heartbeatIntervalBlocks)
        .i64(heartbeatGraceBlocks)
        .i64(heartbeatTimeoutBlocks)
        .i32(standardUptimeBps)
        .i64(standardCompensationPerGpu)
        .i32(premiumUptimeBps)
        .i64(premiumCompensationPerGpu);
  }

  /** What is wrong with these parameters, in words an operator can act on; empty when sane. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    String at = "params.liveness.";
    if (heartbeatIntervalBlocks < 1 || heartbeatIntervalBlocks > MAX_HEARTBEAT_BLOCKS) {
      problems.add(
          at
              + "heartbeatIntervalBlocks must be between 1 and "
              + MAX_HEARTBEAT_BLOCKS
              + ", got "
              + heartbeatIntervalBlocks);
    }
    if (heartbeatGraceBlocks < heartbeatIntervalBlocks) {
      problems.add(
          at
              + "heartbeatGraceBlocks ("
              + heartbeatGraceBlocks
              + ") must be at least heartbeatIntervalBlocks ("
              + heartbeatIntervalBlocks
              + "), or leases that heartbeat on time would be suspended");
    }
    if (heartbeatTimeoutBlocks <= heartbeatGraceBlocks
        || heartbeatTimeoutBlocks > MAX_HEARTBEAT_BLOCKS) {
      problems.add(
          at
              + "heartbeatTimeoutBlocks must be above heartbeatGraceBlocks ("
              + heartbeatGraceBlocks
              + ") and at most "
              + MAX_HEARTBEAT_BLOCKS
              + ", got "
              + heartbeatTimeoutBlocks);
    }
    checkUptime(problems, at + "standardUptimeBps", standardUptimeBps);
    checkUptime(problems, at + "premiumUptimeBps", premiumUptimeBps);
    if (premiumUptimeBps < standardUptimeBps) {
      problems.add(
          at
              + "premiumUptimeBps ("
              + premiumUptimeBps
              + ") must be at least standardUptimeBps ("
              + standardUptimeBps
              + "): premium promises more than standard");
    }
    checkCompensation(problems, at + "standardCompensationPerGpu", standardCompensationPerGpu);
    checkCompensation(problems, at + "premiumCompensationPerGpu", premiumCompensationPerGpu);
    return problems;
  }

  private static void checkCompensation(List<String> problems, String field, long perGpu) {
    if (perGpu < 0 || perGpu > MAX_COMPENSATION_PER_GPU) {
      problems.add(
          field + " must be between 0 and " + MAX_COMPENSATION_PER_GPU + "ugrid, got " + perGpu);
    }
  }

  private static void checkUptime(List<String> problems, String field, int bps) {
    if (bps < 0 || bps > MarketParams.BPS) {
      problems.add(field + " must be between 0 and 10000 (basis points), got " + bps);
    }
  }
}
