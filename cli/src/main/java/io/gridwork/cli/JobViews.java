package io.gridwork.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.gridwork.chain.reputation.Reputation;
import io.gridwork.client.BidInfo;
import io.gridwork.client.JobInfo;
import io.gridwork.client.LeaseInfo;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.Hash;
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
      fields.put("closeReason", job.closeReason());
      fields.put("closedHeight", job.closedHeight());
    }
    fields.put("createdHeight", job.createdHeight());
    if (job.biddingClosesAt() > 0) {
      fields.put("biddingClosesAt", job.biddingClosesAt());
    }
    fields
        .put("auctionRound", job.auctionRound())
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

  /** The leases of a job: who runs it, at what price, how far along. */
  static Report leases(List<LeaseInfo> leases) {
    ArrayNode json = Json.MAPPER.createArrayNode();
    Table table = new Table("PROVIDER", "STATUS", "PRICE", "GPUS", "UNITS", "PAID");
    for (LeaseInfo l : leases) {
      json.addObject()
          .put("lease", l.id().toHex())
          .put("provider", l.provider().toString())
          .put("status", l.status())
          .put("closeReason", l.closeReason())
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
    return new Report(table.isEmpty() ? "No leases yet.\n" : table.render(), json);
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
              + job.auctionRound()
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
}
