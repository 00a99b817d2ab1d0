package io.gridwork.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridwork.api.ChainParams;
import io.gridwork.api.ProviderInfo;
import io.gridwork.protocol.Amount;
import java.util.Locale;

/**
 * A provider's reputation broken into the four parts the ledger weighs (uptime 350, completion 250,
 * audits 300, age 100 points of 1000), so a provider can see which part costs it and a buyer why a
 * bid ranks where it does. The parts and the score are the node's.
 */
final class ReputationView {
  private ReputationView() {}

  /** The reputation lines of {@code p} at the node's {@code height}, under {@code audit}. */
  static Fields describe(Fields fields, ProviderInfo p, long height, ChainParams.Audit audit) {
    ProviderInfo.Reputation r = p.reputation();
    ProviderInfo.Parts parts = r.parts();
    long expected = r.heartbeatsExpected();
    long full = audit.reputationAgeFullBlocks();
    long blocks = Math.max(0, height - p.registeredAtHeight());
    ObjectNode partsPpm =
        Json.MAPPER
            .createObjectNode()
            .put("uptimePpm", parts.uptime().ppm())
            .put("completionPpm", parts.completion().ppm())
            .put("auditsPpm", parts.audits().ppm())
            .put("agePpm", parts.age().ppm());
    ObjectNode stats = Json.MAPPER.valueToTree(r);
    stats.set("parts", partsPpm);
    fields.put("reputation", r.score() + " / 1000", stats);
    fields.note(
        String.format(
            Locale.ROOT,
            "  uptime      %3d / %d  %d of %d expected heartbeats",
            parts.uptime().points(),
            parts.uptime().weight(),
            Math.min(r.heartbeatsReceived(), expected),
            expected));
    fields.note(
        String.format(
            Locale.ROOT,
            "  completion  %3d / %d  %d units completed, %d abandoned",
            parts.completion().points(),
            parts.completion().weight(),
            r.unitsCompleted(),
            r.unitsAbandoned()));
    fields.note(
        String.format(
            Locale.ROOT,
            "  audits      %3d / %d  %d passed, %d failed (a failure weighs 4)",
            parts.audits().points(),
            parts.audits().weight(),
            r.auditsPassed(),
            r.auditsFailed()));
    fields.note(
        String.format(
            Locale.ROOT,
            "  age         %3d / %d  %d of %d blocks since registration",
            parts.age().points(),
            parts.age().weight(),
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
}
