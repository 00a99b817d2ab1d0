package io.gridwork.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridwork.api.ChainParams;
import io.gridwork.chain.genesis.AuditParams;
import io.gridwork.chain.genesis.LivenessParams;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.spec.SlaTier;

/**
 * What protects a buyer's job, said before it is posted: whether its units are spot-checked by
 * re-execution (and what that costs and delays), or only liveness and reputation stand behind it,
 * and what its SLA tier promises. Built from a node's parameters when there is a node, else from
 * the ledger's defaults.
 */
record TrustTerms(
    long challengeWindowBlocks,
    int verificationFeeBps,
    long auditRateStartPpm,
    long auditRateFloorPpm,
    long heartbeatGraceBlocks,
    long heartbeatTimeoutBlocks,
    int standardUptimeBps,
    long standardCompensationPerGpu,
    int premiumUptimeBps,
    long premiumCompensationPerGpu,
    boolean defaultParams) {

  /** The terms of the chain a node runs. */
  static TrustTerms of(ChainParams params) {
    ChainParams.Audit a = params.audit();
    ChainParams.Liveness l = params.liveness();
    return new TrustTerms(
        a.challengeWindowBlocks(),
        a.verificationFeeBps(),
        a.auditRateStartPpm(),
        a.auditRateFloorPpm(),
        l.heartbeatGraceBlocks(),
        l.heartbeatTimeoutBlocks(),
        l.standardUptimeBps(),
        l.standardCompensationPerGpu(),
        l.premiumUptimeBps(),
        l.premiumCompensationPerGpu(),
        false);
  }

  /** The ledger's default terms, for checks made without a node. */
  static TrustTerms defaults() {
    AuditParams a = AuditParams.defaults();
    LivenessParams l = LivenessParams.defaults();
    return new TrustTerms(
        a.challengeWindowBlocks(),
        a.verificationFeeBps(),
        a.auditRateStartPpm(),
        a.auditRateFloorPpm(),
        l.heartbeatGraceBlocks(),
        l.heartbeatTimeoutBlocks(),
        l.standardUptimeBps(),
        l.standardCompensationPerGpu(),
        l.premiumUptimeBps(),
        l.premiumCompensationPerGpu(),
        true);
  }

  /** Whether the ledger re-executes a sample of the job's units. */
  static boolean reExecuted(JobSpec spec) {
    return spec.isBatch() && spec.deterministic();
  }

  /** The terms of {@code spec} in sentences, one per line, each starting with two spaces. */
  String text(JobSpec spec) {
    StringBuilder sb = new StringBuilder();
    if (reExecuted(spec)) {
      sb.append("  verification: deterministic; a sample of units is re-executed by another")
          .append(" provider and compared (")
          .append(ReputationView.percent(auditRateStartPpm))
          .append(" of a new provider's units, down to ")
          .append(ReputationView.percent(auditRateFloorPpm))
          .append(" of an established one's).\n")
          .append("    Verification fee ")
          .append(ReputationView.percent(verificationFeeBps * 100L))
          .append(" of each unit's price; each unit's payment is held for a challenge window of ")
          .append(challengeWindowBlocks)
          .append(" blocks after its result.\n");
    } else if (spec.isBatch()) {
      sb.append("  verification: NOT deterministic; units are not re-executed, so only liveness")
          .append(" and provider reputation protect you.\n");
    } else {
      sb.append("  verification: a service is not re-executed; heartbeats protect you (a silent")
          .append(" lease is suspended after ")
          .append(heartbeatGraceBlocks)
          .append(" blocks and closed after ")
          .append(heartbeatTimeoutBlocks)
          .append(").\n")
          .append("    Charged per block from a lease's first heartbeat, once its service is up;")
          .append(" nothing before it, nothing while suspended.\n");
    }
    sb.append("  SLA: ")
        .append(spec.sla().wireName())
        .append("; ")
        .append(promise(spec))
        .append('\n');
    if (defaultParams) {
      sb.append(
          "  (figures are the ledger's defaults; a chain's own are in gridwork query params)\n");
    }
    return sb.toString();
  }

  /** The same terms for scripts. */
  ObjectNode json(JobSpec spec) {
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("deterministic", spec.deterministic()).put("reExecuted", reExecuted(spec));
    if (reExecuted(spec)) {
      json.put("verificationFeeBps", verificationFeeBps)
          .put("challengeWindowBlocks", challengeWindowBlocks)
          .put("auditRateStartPpm", auditRateStartPpm)
          .put("auditRateFloorPpm", auditRateFloorPpm);
    }
    json.putObject("sla")
        .put("tier", spec.sla().wireName())
        .put("uptimeBps", uptimeBps(spec.sla()))
        .put("compensationPerGpu", compensationPerGpu(spec.sla()))
        .put("compensation", compensation(spec));
    json.put("defaultParams", defaultParams);
    return json;
  }

  private String promise(JobSpec spec) {
    if (spec.sla() == SlaTier.BEST_EFFORT) {
      return "no uptime promise and no compensation (sla: standard or premium buys one).";
    }
    return "the provider promises "
        + ReputationView.percent(uptimeBps(spec.sla()) * 100L)
        + " of its expected heartbeats; if a lease times out, is slashed or closes below that,"
        + " you get "
        + Amount.format(compensation(spec))
        + " ("
        + Amount.format(compensationPerGpu(spec.sla()))
        + " per GPU) from its stake.";
  }

  private int uptimeBps(SlaTier tier) {
    return switch (tier) {
      case BEST_EFFORT -> 0;
      case STANDARD -> standardUptimeBps;
      case PREMIUM -> premiumUptimeBps;
    };
  }

  private long compensationPerGpu(SlaTier tier) {
    return switch (tier) {
      case BEST_EFFORT -> 0;
      case STANDARD -> standardCompensationPerGpu;
      case PREMIUM -> premiumCompensationPerGpu;
    };
  }

  private long compensation(JobSpec spec) {
    return Math.multiplyExact(
        compensationPerGpu(spec.sla()), (long) Math.max(1, spec.resources().gpu().count()));
  }
}
