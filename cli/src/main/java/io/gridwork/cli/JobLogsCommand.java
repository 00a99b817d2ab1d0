package io.gridwork.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridwork.api.JobInfo;
import io.gridwork.client.BlockEvent;
import io.gridwork.client.EventInfo;
import io.gridwork.client.GridworkClient;
import io.gridwork.protocol.Amount;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import picocli.CommandLine.Command;

/**
 * A job's history as the ledger recorded it: every event naming the job, from the block that
 * created it to the block that ended it (or the latest block), read from the node's event stream.
 */
@Command(
    name = "logs",
    description = {
      "A job's timeline: creation, bids, auctions, leases, units, audits, slashes, payments and"
          + " closes.",
      "Read from the node's event stream, from the job's first block to its last (or now)."
    })
final class JobLogsCommand extends JobLookup {
  /** The longest a stream may go without delivering the next block before giving up. */
  private static final Duration STALL = Duration.ofSeconds(30);

  private static final Set<String> AMOUNTS =
      Set.of(
          "price",
          "deposit",
          "amount",
          "paid",
          "fee",
          "escrow",
          "collateral",
          "reward",
          "toBuyer",
          "burned",
          "verificationFee");

  /** One event of the job, at the block that emitted it. */
  record Entry(long height, long timeMillis, EventInfo event) {}

  @Override
  int execute() throws InterruptedException {
    GridworkClient client = node.client();
    JobInfo job = job(client);
    long last = job.status().finished() ? job.closedHeight() : client.status().height();
    List<Entry> entries = timeline(client, job, last);
    ArrayNode json = Json.MAPPER.createArrayNode();
    StringBuilder text = new StringBuilder();
    text.append("Job ").append(job.id()).append(" (").append(job.name()).append(")\n");
    for (Entry e : entries) {
      ObjectNode attributes = Json.MAPPER.createObjectNode();
      new TreeMap<>(e.event().attributes()).forEach(attributes::put);
      json.addObject()
          .put("height", e.height())
          .put("timeMillis", e.timeMillis())
          .put("type", e.event().type())
          .set("attributes", attributes);
      text.append(
          String.format(
              "%8d  %s  %-19s %s%n",
              e.height(),
              Instant.ofEpochMilli(e.timeMillis()),
              e.event().type(),
              describe(e.event())));
    }
    if (!job.status().finished()) {
      text.append("… still ").append(job.status().name().toLowerCase(Locale.ROOT));
      text.append(" at height ").append(last).append('\n');
    }
    return print(new Report(text.toString(), json));
  }

  /** The job's events from its creation up to and including block {@code last}. */
  static List<Entry> timeline(GridworkClient client, JobInfo job, long last)
      throws InterruptedException {
    String id = job.id().toHex();
    List<Entry> entries = new ArrayList<>();
    try (BlockQueue blocks = new BlockQueue(client, job.createdHeight())) {
      long height = job.createdHeight() - 1;
      while (height < last) {
        BlockEvent block = blocks.next(STALL);
        if (block == null) {
          throw new CommandFailure(
              "the node's event stream sent nothing for "
                  + STALL.toSeconds()
                  + " s while reading block "
                  + (height + 1)
                  + " of "
                  + last
                  + "; is the node still running?");
        }
        height = block.height();
        for (BlockEvent.TxEvents tx : block.txs()) {
          add(entries, block, tx.events(), id);
        }
        add(entries, block, block.blockEvents(), id);
      }
    }
    return entries;
  }

  private static void add(
      List<Entry> entries, BlockEvent block, List<EventInfo> events, String id) {
    for (EventInfo e : events) {
      if (id.equals(e.attributes().get("job"))) {
        entries.add(new Entry(block.height(), block.timeMillis(), e));
      }
    }
  }

  /** The event in words; amounts in GRID. Unknown event types show their attributes. */
  static String describe(EventInfo event) {
    Map<String, String> a = event.attributes();
    return switch (event.type()) {
      case "job_created" ->
          "created by "
              + a.get("buyer")
              + ("batch".equals(a.get("kind"))
                  ? ", batch of " + a.get("units") + " units"
                  : ", service")
              + ", "
              + amount(a, "deposit")
              + " into escrow; bidding closes at height "
              + a.get("biddingClosesAt");
      case "bid_placed" ->
          "bid by "
              + a.get("provider")
              + ": "
              + amount(a, "price")
              + " with "
              + JobViews.gpus(Integer.parseInt(a.get("gpuCount")), a.get("gpuModel"))
              + ("0".equals(a.get("maxUnits")) ? "" : ", up to " + a.get("maxUnits") + " units");
      case "auction_closed" ->
          "auction round "
              + a.get("round")
              + ": "
              + a.get("bids")
              + " bid(s), "
              + (a.getOrDefault("winners", "").isEmpty()
                  ? "no winner"
                  : "won by " + a.get("winners"))
              + ", "
              + a.get("unitsLeft")
              + " unit(s) left";
      case "bidding_reopened" ->
          "bidding reopened (round "
              + a.get("round")
              + ") for "
              + a.get("units")
              + " unit(s) until height "
              + a.get("biddingClosesAt");
      case "lease_opened" ->
          "lease to "
              + a.get("provider")
              + " at "
              + amount(a, "price")
              + " with "
              + JobViews.gpus(Integer.parseInt(a.get("gpuCount")), a.get("gpuModel"))
              + ("0".equals(a.get("units"))
                  ? ""
                  : ", " + a.get("units") + " unit(s) from unit " + a.get("firstUnit"));
      case "unit_reported" ->
          "unit "
              + a.get("unit")
              + " reported by "
              + a.get("provider")
              + ", output "
              + a.get("output")
              + "; payment held until height "
              + a.get("finalAt")
              + " (challenge window)";
      case "unit_completed" ->
          "unit "
              + a.get("unit")
              + " done by "
              + a.get("provider")
              + ", output "
              + a.get("output")
              + "; paid "
              + amount(a, "paid")
              + " + network fee "
              + amount(a, "fee")
              + (positive(a, "verificationFee")
                  ? " + verification fee " + amount(a, "verificationFee")
                  : "");
      case "audit_assigned" ->
          "unit "
              + a.get("unit")
              + " of "
              + a.get("provider")
              + " sampled for re-execution"
              + ("2".equals(a.get("round")) ? " (round 2, tie-break)" : "")
              + " by auditor "
              + a.get("auditor")
              + " until height "
              + a.get("deadline")
              + ", reward "
              + amount(a, "reward");
      case "audit_passed" ->
          "unit "
              + a.get("unit")
              + " verified: auditor "
              + a.get("auditor")
              + " got the same output, paid "
              + amount(a, "reward");
      case "audit_disputed" ->
          "unit "
              + a.get("unit")
              + " disputed: auditor "
              + a.get("auditor")
              + " got "
              + a.get("output")
              + ", the provider reported "
              + a.get("expected")
              + "; a second auditor breaks the tie";
      case "audit_timed_out" ->
          "unit "
              + a.get("unit")
              + ": auditor "
              + a.get("auditor")
              + " did not answer in time (round "
              + a.get("round")
              + "), no verdict; another auditor is tried";
      case "audit_skipped" ->
          "unit " + a.get("unit") + " not audited: " + skipReason(a.get("reason"));
      case "audit_inconclusive" ->
          "unit "
              + a.get("unit")
              + ": audit inconclusive (no two results agree), nobody slashed, unit accepted";
      case "slashed" ->
          a.get("provider")
              + " slashed "
              + amount(a, "amount")
              + " for "
              + ("WRONG_AUDIT".equals(a.get("reason")) ? "a wrong audit of" : "a wrong result on")
              + " unit "
              + a.get("unit")
              + ": "
              + amount(a, "toBuyer")
              + " to the buyer, "
              + amount(a, "burned")
              + " burned";
      case "unit_requeued" ->
          "unit " + a.get("unit") + " back to auction (" + a.get("reason") + ")";
      case "lease_suspended" ->
          "lease of "
              + a.get("provider")
              + " suspended: no heartbeat since height "
              + a.get("lastHeartbeat");
      case "lease_resumed" -> "lease of " + a.get("provider") + " resumed: heartbeats are back";
      case "sla_compensated" ->
          a.get("buyer")
              + " compensated "
              + amount(a, "amount")
              + " from the stake of "
              + a.get("provider")
              + " ("
              + a.get("tier")
              + " SLA broken)";
      case "checkpoint_saved" ->
          "unit " + a.get("unit") + " checkpoint saved: " + a.get("checkpoint");
      case "billing_started" ->
          "service of "
              + a.get("provider")
              + " is up: charged "
              + a.get("ratePerBlock")
              + " ugrid per block from the next block";
      case "service_charged" ->
          a.get("provider")
              + " paid "
              + amount(a, "paid")
              + " for "
              + a.get("blocks")
              + " block(s) + network fee "
              + amount(a, "fee");
      case "lease_closed" -> "lease of " + a.get("provider") + " closed: " + a.get("reason");
      case "job_done" -> "every unit reported: job done";
      case "job_closed" -> "job closed: " + a.get("reason");
      case "escrow_deposited" ->
          amount(a, "amount") + " added to escrow, now " + amount(a, "escrow");
      case "escrow_refunded" -> amount(a, "amount") + " of escrow refunded to " + a.get("buyer");
      case "collateral_returned" ->
          amount(a, "amount") + " of bid collateral returned to " + a.get("provider");
      default -> attributes(a);
    };
  }

  private static boolean positive(Map<String, String> attributes, String name) {
    String value = attributes.get(name);
    return value != null && !value.isEmpty() && !value.equals("0");
  }

  private static String skipReason(String reason) {
    return switch (String.valueOf(reason)) {
      case "NO_ELIGIBLE_AUDITOR" -> "no other provider can run it";
      case "POOL_SHORT" -> "the verification pool cannot pay an auditor";
      case "ATTEMPTS_EXHAUSTED" -> "every auditor tried timed out; the unit is accepted";
      default -> String.valueOf(reason);
    };
  }

  private static String amount(Map<String, String> attributes, String name) {
    String value = attributes.get(name);
    try {
      return Amount.format(Long.parseLong(value));
    } catch (NumberFormatException e) {
      return String.valueOf(value);
    }
  }

  private static String attributes(Map<String, String> attributes) {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(attributes)
        .forEach(
            (k, v) -> {
              if (!"job".equals(k)) {
                sb.append(k).append('=');
                sb.append(AMOUNTS.contains(k) ? amount(attributes, k) : v).append(' ');
              }
            });
    return sb.toString().strip();
  }
}
