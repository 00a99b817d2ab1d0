package io.gridwork.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridwork.api.ChainParams;
import io.gridwork.api.ProviderInfo;
import io.gridwork.protocol.Amount;
import java.util.Locale;

/**
 * A provider's reputation broken into the four parts the ledger weighs (uptime 350, completion 250,
 * audits 300, age 100 points of 1000), so a provider can see which part costs it and a buyer why a
 * bid ranks where it does. The parts follow the ledger's formula from the provider's record; the
 * score itself is the node's.
 */
final class ReputationView {
  private static final long PPM = 1_000_000;
  private static final int UPTIME = 350;
  private static final int COMPLETION = 250;
  private static final int AUDITS = 300;
  private static final int AGE = 100;
  private static final int FAILED_AUDIT_WEIGHT = 4;

  private ReputationView() {}

  /** The reputation lines of {@code p} at the node's {@code height}, under {@code audit}. */
  static Fields describe(Fields fields, ProviderInfo p, long height, ChainParams.Audit audit) {
    ProviderInfo.Reputation r = p.reputation();
    long expected = r.heartbeatsExpected();
    long uptime = expected == 0 ? PPM : ppm(Math.min(r.heartbeatsReceived(), expected), expected);
    long completion = ppm(r.unitsCompleted() + 1, r.unitsCompleted() + r.unitsAbandoned() + 1);
    long audits =
        ppm(r.auditsPassed() + 1, r.auditsPassed() + FAILED_AUDIT_WEIGHT * r.auditsFailed() + 1);
    long full = audit.reputationAgeFullBlocks();
    long blocks = Math.max(0, height - p.registeredAtHeight());
    long age = ppm(Math.min(full, blocks), full);
    ObjectNode parts =
        Json.MAPPER
            .createObjectNode()
            .put("uptimePpm", uptime)
            .put("completionPpm", completion)
            .put("auditsPpm", audits)
            .put("agePpm", age);
    ObjectNode stats = Json.MAPPER.valueToTree(r);
    stats.set("parts", parts);
    fields.put("reputation", r.score() + " / 1000", stats);
    fields.note(
        String.format(
            Locale.ROOT,
            "  uptime      %3d / %d  %d of %d expected heartbeats",
            points(uptime, UPTIME),
            UPTIME,
            Math.min(r.heartbeatsReceived(), expected),
            expected));
    fields.note(
        String.format(
            Locale.ROOT,
            "  completion  %3d / %d  %d units completed, %d abandoned",
            points(completion, COMPLETION),
            COMPLETION,
            r.unitsCompleted(),
            r.unitsAbandoned()));
    fields.note(
        String.format(
            Locale.ROOT,
            "  audits      %3d / %d  %d passed, %d failed (a failure weighs 4)",
            points(audits, AUDITS),
            AUDITS,
            r.auditsPassed(),
            r.auditsFailed()));
    fields.note(
        String.format(
            Locale.ROOT,
            "  age         %3d / %d  %d of %d blocks since registration",
            points(age, AGE),
            AGE,
            Math.min(full, blocks),
            full));
    fields.put(
        "auditRate",
        String.format(
            Locale.ROOT,
            "%s of its deterministic units re-executed (%d consecutive verified units)",
            percent(p.auditRatePpm()),
            r.consecutiveVerified()),
        Json.MAPPER.getNodeFactory().numberNode(p.auditRatePpm()));
    fields.put("slashes", r.slashes());
    fields.put("auditsAbandoned", r.auditsAbandoned());
    fields.put(
        "slaCommitted",
        Amount.format(p.slaCommitted())
            + " of its stake promised to SLA leases and bids, "
            + Amount.format(Math.max(0, p.stake() - p.slaCommitted()))
            + " free",
        Json.MAPPER.getNodeFactory().numberNode(p.slaCommitted()));
    return fields;
  }

  /** A rate in parts per million as a percentage, e.g. {@code 2%} or {@code 53.6%}. */
  static String percent(long ppm) {
    return ppm % 10_000 == 0
        ? (ppm / 10_000) + "%"
        : String.format(Locale.ROOT, "%.1f%%", ppm / 10_000.0);
  }

  private static long ppm(long part, long whole) {
    return whole == 0 ? PPM : part * PPM / whole;
  }

  private static long points(long ppm, int weight) {
    return ppm * weight / PPM;
  }
}
