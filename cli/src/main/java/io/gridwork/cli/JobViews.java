package io.gridwork.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridwork.api.AuditInfo;
import io.gridwork.api.BidInfo;
import io.gridwork.api.JobInfo;
import io.gridwork.api.LeaseInfo;
import io.gridwork.api.UnitInfo;
import io.gridwork.chain.reputation.Reputation;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.spec.ExposedPort;
import io.gridwork.protocol.spec.JobSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** How jobs, their leases and bids are shown, shared by the job commands that list them. */
final class JobViews {
  private JobViews() {}

  /** A job's state for people (aligned lines) and scripts (one object). */
  static Fields job(JobInfo job) {
    Fields fields =
        new Fields()
            .put("job", job.id().toHex())
            .put("name", job.name())
            .put("kind", job.kind())
            .put("buyer", job.buyer().toString())
            .put("status", job.status().name());
    if (job.closeReason() != null) {
      fields.put("closeReason", job.closeReason().name());
      fields.put("closedHeight", job.closedHeight());
    }
    fields.put("createdHeight", job.createdHeight());
    if (job.biddingClosesAt() > 0) {
      fields.put("biddingClosesAt", job.biddingClosesAt());
    }
    fields
        .put("auctionRound", auctionRound(job))
        .amount("deposited", job.deposited())
        .amount("escrow", job.escrow())
        .put("activeLeases", job.activeLeases());
    JobInfo.Units u = job.units();
    if (u != null) {
      var units =
          Json.MAPPER
              .createObjectNode()
              .put("total", u.total())
              .put("pending", u.pending())
              .put("leased", u.leased())
              .put("done", u.done());
      fields.put(
          "units",
          u.done()
              + " done, "
              + u.leased()
              + " leased, "
              + u.pending()
              + " pending (of "
              + u.total()
              + ")",
          units);
    }
    return fields;
  }

  /**
   * The auction round the job's bids are for, counted from 1 as the ledger's {@code auction_closed}
   * events count them; the ledger keeps the rounds already failed, from 0.
   */
  static int auctionRound(JobInfo job) {
    return job.auctionRound() + 1;
  }

  /** The leases of a job: who runs it, at what price, how far along. */
  static Report leases(JobInfo job, List<LeaseInfo> leases) {
    ArrayNode json = Json.MAPPER.createArrayNode();
    Table table = new Table("PROVIDER", "STATUS", "PRICE", "GPUS", "UNITS", "PAID");
    for (LeaseInfo l : leases) {
      json.addObject()
          .put("lease", l.id().toHex())
          .put("provider", l.provider().toString())
          .put("status", l.status().name())
          .put("closeReason", l.closeReason() == null ? null : l.closeReason().name())
          .put("price", l.price())
          .put("gpuModel", l.gpuModel())
          .put("gpuCount", l.gpuCount())
          .put("unitsAssigned", l.unitsAssigned())
          .put("unitsDone", l.unitsDone())
          .put("paid", l.paid());
      table.row(
          l.provider().toString(),
          l.status() + (l.closeReason() == null ? "" : " (" + l.closeReason() + ")"),
          Amount.format(l.price()),
          gpus(l.gpuCount(), l.gpuModel()),
          "service".equals(l.kind()) ? "-" : l.unitsDone() + "/" + l.unitsAssigned(),
          Amount.format(l.paid()));
    }
    return new Report(table.isEmpty() ? noLeases(job) : table.render(), json);
  }

  private static String noLeases(JobInfo job) {
    if (!job.status().finished()) {
      return "No leases yet.\n";
    }
    return job.closeReason() == null
        ? "No leases.\n"
        : "No leases: the job closed (" + job.closeReason() + ") before any was opened.\n";
  }

  /**
   * The units of a batch job: who ran each, where the ledger has it, whether it was audited, by
   * whom and with what verdict; and the escrow held back for units still in their challenge window
   * or awaiting their audit. A pending unit that shows audits or a checkpoint was released by an
   * earlier lease and waits for another.
   */
  static Report units(JobInfo job, List<UnitInfo> units, List<LeaseInfo> leases) {
    Map<Hash, Long> prices = new TreeMap<>();
    leases.forEach(l -> prices.put(l.id(), l.price()));
    ArrayNode json = Json.MAPPER.createArrayNode();
    Table table = new Table("UNIT", "STATE", "PROVIDER", "AUDITED BY", "VERDICT", "PAID AT");
    long held = 0;
    int heldUnits = 0;
    for (UnitInfo u : units) {
      boolean holding =
          u.status() == UnitInfo.Status.REPORTED || u.status() == UnitInfo.Status.AWAITING_AUDIT;
      if (holding && u.leaseId() != null) {
        held = Math.addExact(held, prices.getOrDefault(u.leaseId(), 0L));
        heldUnits++;
      }
      ObjectNode unit =
          json.addObject()
              .put("unit", u.unit())
              .put("status", u.status().name())
              .put("state", state(job, u))
              .put("lease", u.leaseId() == null ? null : u.leaseId().toHex())
              .put("provider", u.provider() == null ? null : u.provider().toString())
              .put("output", u.outputHash() == null ? null : u.outputHash().toHex())
              .put("reportedHeight", u.reportedHeight())
              .put("finalAt", u.finalAt())
              .put("audited", !u.audits().isEmpty())
              .put("verdict", verdict(u));
      if (u.checkpoint() != null) {
        unit.putObject("checkpoint")
            .put("hash", u.checkpoint().hash().toHex())
            .put("height", u.checkpoint().height())
            .put("provider", u.checkpoint().provider().toString());
      }
      ArrayNode audits = unit.putArray("audits");
      for (AuditInfo a : u.audits()) {
        audits
            .addObject()
            .put("round", a.round())
            .put("attempt", a.attempt())
            .put("auditor", a.auditor().toString())
            .put("provider", a.provider().toString())
            .put("status", a.status().name())
            .put("expected", a.expected().toHex())
            .put("output", a.output() == null ? null : a.output().toHex())
            .put("reward", a.reward())
            .put("assignedHeight", a.assignedHeight())
            .put("deadline", a.deadline());
      }
      table.row(
          Integer.toString(u.unit()),
          state(job, u),
          u.provider() == null ? "-" : u.provider().toString(),
          u.audits().isEmpty() ? "-" : u.audits().getLast().auditor().toString(),
          verdict(u),
          u.status() == UnitInfo.Status.REPORTED ? "height " + u.finalAt() : "-");
    }
    String text = table.isEmpty() ? "" : table.render();
    if (heldUnits > 0) {
      text +=
          Amount.format(held)
              + " of escrow held for "
              + heldUnits
              + " unit(s) in their challenge window or under audit; paid to their providers"
              + " when it ends.\n";
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.set("units", json);
    out.put("heldEscrow", held);
    out.put("heldUnits", heldUnits);
    return new Report(text, out);
  }

  /**
   * The unit's state in the words of the ledger's life of a unit; a unit still pending when its job
   * closed will never run.
   */
  private static String state(JobInfo job, UnitInfo u) {
    if (u.status() == UnitInfo.Status.PENDING && job.status().finished()) {
      return "not run (job closed)";
    }
    return switch (u.status()) {
      case PENDING ->
          u.audits().isEmpty() && u.checkpoint() == null ? "pending" : "released, pending";
      case ASSIGNED -> "assigned";
      case REPORTED -> "reported (held)";
      case AWAITING_AUDIT -> "reported (awaiting audit)";
      case FINAL -> "final";
    };
  }

  /** What the unit's audits concluded so far, from its latest assignment. */
  private static String verdict(UnitInfo u) {
    if (u.audits().isEmpty()) {
      return u.status() == UnitInfo.Status.FINAL ? "not sampled" : "-";
    }
    AuditInfo latest = u.audits().getLast();
    String round = latest.round() == 2 ? "tie-break " : "";
    return switch (latest.status()) {
      case OPEN -> round + "auditing until height " + latest.deadline();
      case DISPUTED -> "disputed, tie-break pending";
      case PAID -> latest.round() == 2 ? "tie-break decided" : "passed";
      case OVERRULED -> "auditor overruled";
      case INCONCLUSIVE -> "inconclusive";
      case TIMED_OUT -> round + "auditor timed out";
      case CANCELLED -> "cancelled (unit released)";
    };
  }

  /** Lines flagging the job's suspended leases: whose, silent since when, closed when. */
  static String suspended(List<LeaseInfo> leases) {
    StringBuilder sb = new StringBuilder();
    for (LeaseInfo l : leases) {
      if (l.suspended()) {
        sb.append("SUSPENDED: lease of ")
            .append(l.provider())
            .append(" has sent no heartbeat since height ")
            .append(l.lastHeartbeatHeight())
            .append("; it resumes with the next one, or closes at height ")
            .append(l.heartbeatDueHeight())
            .append(" and its unfinished units go back to auction.\n");
      }
    }
    return sb.toString();
  }

  /**
   * The bids of the current round in the order the auction ranks them: by effective price (the
   * price scaled by the provider's reputation, {@code price × (2000 − score) / 1000}), ties by
   * {@code SHA-256(job || provider)}. Scores are the providers' at the node's height; the auction
   * takes them at the height it closes, so a close race can still flip.
   */
  static Report bids(JobInfo job, List<BidInfo> bids, Map<Address, Integer> scores) {
    Map<Address, Long> effective = new TreeMap<>();
    for (BidInfo b : bids) {
      effective.put(
          b.provider(), Reputation.effectivePrice(b.price(), scores.getOrDefault(b.provider(), 0)));
    }
    List<BidInfo> sorted =
        bids.stream()
            .sorted(
                Comparator.comparingLong((BidInfo b) -> effective.get(b.provider()))
                    .thenComparing(b -> Hash.sha256(b.jobId().bytes(), b.provider().bytes())))
            .toList();
    String per = "batch".equals(job.kind()) ? "/unit" : "/GPU-hour";
    ArrayNode json = Json.MAPPER.createArrayNode();
    Table table =
        new Table("PROVIDER", "PRICE", "SCORE", "EFFECTIVE", "GPUS", "MAX UNITS", "PLACED AT");
    for (BidInfo b : sorted) {
      int score = scores.getOrDefault(b.provider(), 0);
      long effectivePrice = effective.get(b.provider());
      json.addObject()
          .put("provider", b.provider().toString())
          .put("price", b.price())
          .put("score", score)
          .put("effectivePrice", effectivePrice)
          .put("gpuModel", b.gpuModel())
          .put("gpuCount", b.gpuCount())
          .put("maxUnits", b.maxUnits())
          .put("collateral", b.collateral())
          .put("placedHeight", b.placedHeight());
      table.row(
          b.provider().toString(),
          Amount.format(b.price()) + per,
          Integer.toString(score),
          Amount.format(effectivePrice) + per,
          gpus(b.gpuCount(), b.gpuModel()),
          "batch".equals(job.kind()) ? Integer.toString(b.maxUnits()) : "-",
          Long.toString(b.placedHeight()));
    }
    String text;
    if (!table.isEmpty()) {
      text =
          table.render()
              + "Ranked by effective price = price × (2000 − score) / 1000; winners are paid"
              + " their price.\n";
    } else if (job.biddingClosesAt() > 0) {
      text =
          "No bids yet in round "
              + auctionRound(job)
              + "; bidding closes at height "
              + job.biddingClosesAt()
              + ". If none come, ask why: gridwork job explain "
              + job.id()
              + "\n";
    } else {
      text =
          "No open bids: job "
              + job.id()
              + " is "
              + job.status().name().toLowerCase(Locale.ROOT)
              + " and not taking bids.\n";
    }
    return new Report(text, json);
  }

  static String gpus(int count, String model) {
    return count == 0 ? "CPU only" : count + "x " + model;
  }

  /**
   * The leases of a service job still open: whose, starting (no heartbeat yet, so not charged),
   * running or suspended, what the buyer was charged so far (settled at each heartbeat) at what
   * rate, and where to reach it. A port exposed {@code global} is reached at the provider's
   * registered {@code host} and the port itself, since the service listens on the provider's own
   * network; other ports are for the provider host only.
   *
   * @param hosts the registered public host of each provider, absent when it registered none
   */
  static Report services(JobSpec spec, List<LeaseInfo> leases, Map<Address, String> hosts) {
    ArrayNode json = Json.MAPPER.createArrayNode();
    StringBuilder text = new StringBuilder();
    for (LeaseInfo l : leases) {
      if (!l.open()) {
        continue;
      }
      // Billing starts with a service's first heartbeat, the first block that counts one.
      String state = l.suspended() ? "suspended" : l.billingSince() == 0 ? "starting" : "running";
      String host = hosts.get(l.provider());
      ObjectNode lease =
          json.addObject()
              .put("lease", l.id().toHex())
              .put("provider", l.provider().toString())
              .put("state", state)
              .put("charged", l.paid())
              .put("ratePerBlock", l.ratePerBlock())
              .put("pricePerGpuHour", l.price())
              .put("host", host);
      ArrayNode endpoints = lease.putArray("endpoints");
      ArrayNode local = lease.putArray("localPorts");
      List<String> reachable = new ArrayList<>();
      for (ExposedPort port : spec.expose()) {
        if (!port.global()) {
          local.add(port.port());
        } else if (host != null) {
          String endpoint = hostPort(host, port.port());
          endpoints.add(endpoint);
          reachable.add(endpoint);
        }
      }
      text.append("service of ")
          .append(l.provider())
          .append(": ")
          .append(state)
          .append(l.billingSince() == 0 ? " (not charged until its first heartbeat)" : "")
          .append(", charged ")
          .append(Amount.format(l.paid()))
          .append(" so far at ")
          .append(l.ratePerBlock())
          .append(" ugrid per block (")
          .append(Amount.format(l.price()))
          .append(" per GPU-hour)\n");
      boolean anyGlobal = spec.expose().stream().anyMatch(ExposedPort::global);
      if (anyGlobal && host == null) {
        text.append("  endpoints: the provider registered no public host (attribute host)\n");
      } else if (!reachable.isEmpty()) {
        text.append("  endpoints: ").append(String.join(", ", reachable)).append('\n');
      }
      if (!local.isEmpty()) {
        text.append("  ports reachable on the provider host only: ").append(local).append('\n');
      }
    }
    return new Report(json.isEmpty() ? "No service lease running.\n" : text.toString(), json);
  }

  /** {@code host:port}, with an IPv6 address in brackets. */
  private static String hostPort(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
