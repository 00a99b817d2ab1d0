package io.gridwork.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridwork.api.BlockEvent;
import io.gridwork.api.JobInfo;
import io.gridwork.client.GridworkClient;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.event.AuctionClosed;
import io.gridwork.protocol.event.AuditAssigned;
import io.gridwork.protocol.event.AuditDisputed;
import io.gridwork.protocol.event.AuditInconclusive;
import io.gridwork.protocol.event.AuditPassed;
import io.gridwork.protocol.event.AuditSkipReason;
import io.gridwork.protocol.event.AuditSkipped;
import io.gridwork.protocol.event.AuditTimedOut;
import io.gridwork.protocol.event.BidPlaced;
import io.gridwork.protocol.event.BiddingReopened;
import io.gridwork.protocol.event.BillingStarted;
import io.gridwork.protocol.event.CheckpointSaved;
import io.gridwork.protocol.event.CollateralReturned;
import io.gridwork.protocol.event.EscrowDeposited;
import io.gridwork.protocol.event.EscrowRefunded;
import io.gridwork.protocol.event.FeePaid;
import io.gridwork.protocol.event.JobClosed;
import io.gridwork.protocol.event.JobCreated;
import io.gridwork.protocol.event.JobDone;
import io.gridwork.protocol.event.JobKind;
import io.gridwork.protocol.event.LeaseClosed;
import io.gridwork.protocol.event.LeaseOpened;
import io.gridwork.protocol.event.LeaseResumed;
import io.gridwork.protocol.event.LeaseSuspended;
import io.gridwork.protocol.event.LedgerEvent;
import io.gridwork.protocol.event.ProviderRegistered;
import io.gridwork.protocol.event.ProviderUpdated;
import io.gridwork.protocol.event.ServiceCharged;
import io.gridwork.protocol.event.SlaCompensated;
import io.gridwork.protocol.event.SlashReason;
import io.gridwork.protocol.event.Slashed;
import io.gridwork.protocol.event.StakeBonded;
import io.gridwork.protocol.event.Transferred;
import io.gridwork.protocol.event.UnbondCompleted;
import io.gridwork.protocol.event.UnbondStarted;
import io.gridwork.protocol.event.UnitCompleted;
import io.gridwork.protocol.event.UnitReported;
import io.gridwork.protocol.event.UnitRequeued;
import io.gridwork.protocol.event.UnknownEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedMap;
import java.util.stream.Collectors;
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
  record Entry(long height, long timeMillis, LedgerEvent event) {}

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
      e.event().attributes().forEach(attributes::put);
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
    Hash id = job.id();
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
      List<Entry> entries, BlockEvent block, List<LedgerEvent> events, Hash id) {
    for (LedgerEvent e : events) {
      if (e.job().filter(id::equals).isPresent()) {
        entries.add(new Entry(block.height(), block.timeMillis(), e));
      }
    }
  }

  /**
   * The event in words; amounts in GRID. Kinds that name no job, and kinds this version does not
   * know, show their attributes.
   */
  static String describe(LedgerEvent event) {
    return switch (event) {
      case JobCreated e ->
          "created by "
              + e.buyer()
              + (e.kind() == JobKind.BATCH ? ", batch of " + e.units() + " units" : ", service")
              + ", "
              + Amount.format(e.deposit())
              + " into escrow; bidding closes at height "
              + e.biddingClosesAt();
      case BidPlaced e ->
          "bid by "
              + e.provider()
              + ": "
              + Amount.format(e.price())
              + " with "
              + JobViews.gpus(e.gpuCount(), e.gpuModel())
              + (e.maxUnits() == 0 ? "" : ", up to " + e.maxUnits() + " units");
      case AuctionClosed e ->
          "auction round "
              + e.round()
              + ": "
              + e.bids()
              + " bid(s), "
              + (e.winners().isEmpty()
                  ? "no winner"
                  : "won by "
                      + e.winners().stream()
                          .map(Address::toString)
                          .collect(Collectors.joining(",")))
              + ", "
              + e.unitsLeft()
              + " unit(s) left";
      case BiddingReopened e ->
          "bidding reopened (round "
              + e.round()
              + ") for "
              + e.units()
              + " unit(s) until height "
              + e.biddingClosesAt();
      case LeaseOpened e ->
          "lease to "
              + e.provider()
              + " at "
              + Amount.format(e.price())
              + " with "
              + JobViews.gpus(e.gpuCount(), e.gpuModel())
              + (e.units() == 0
                  ? ""
                  : ", " + e.units() + " unit(s) from unit " + e.firstUnit().orElseThrow());
      case UnitReported e ->
          "unit "
              + e.unit()
              + " reported by "
              + e.provider()
              + ", output "
              + e.output()
              + "; payment held until height "
              + e.finalAt()
              + " (challenge window)";
      case UnitCompleted e ->
          "unit "
              + e.unit()
              + " done by "
              + e.provider()
              + ", output "
              + e.output()
              + "; paid "
              + Amount.format(e.paid())
              + " + network fee "
              + Amount.format(e.fee())
              + (e.verificationFee() > 0
                  ? " + verification fee " + Amount.format(e.verificationFee())
                  : "");
      case AuditAssigned e ->
          "unit "
              + e.unit()
              + " of "
              + e.provider()
              + " sampled for re-execution"
              + (e.round() == 2 ? " (round 2, tie-break)" : "")
              + " by auditor "
              + e.auditor()
              + " until height "
              + e.deadline()
              + ", reward "
              + Amount.format(e.reward());
      case AuditPassed e ->
          "unit "
              + e.unit()
              + " verified: auditor "
              + e.auditor()
              + " got the same output, paid "
              + Amount.format(e.reward());
      case AuditDisputed e ->
          "unit "
              + e.unit()
              + " disputed: auditor "
              + e.auditor()
              + " got "
              + e.output()
              + ", the provider reported "
              + e.expected()
              + "; a second auditor breaks the tie";
      case AuditTimedOut e ->
          "unit "
              + e.unit()
              + ": auditor "
              + e.auditor()
              + " did not answer in time (round "
              + e.round()
              + "), no verdict; another auditor is tried";
      case AuditSkipped e -> "unit " + e.unit() + " not audited: " + skipReason(e.reason());
      case AuditInconclusive e ->
          "unit "
              + e.unit()
              + ": audit inconclusive (no two results agree), nobody slashed, unit accepted";
      case Slashed e ->
          e.provider()
              + " slashed "
              + Amount.format(e.amount())
              + " for "
              + (e.reason() == SlashReason.WRONG_AUDIT ? "a wrong audit of" : "a wrong result on")
              + " unit "
              + e.unit()
              + ": "
              + Amount.format(e.toBuyer())
              + " to the buyer, "
              + Amount.format(e.burned())
              + " burned";
      case UnitRequeued e -> "unit " + e.unit() + " back to auction (" + e.reason().name() + ")";
      case LeaseSuspended e ->
          "lease of " + e.provider() + " suspended: no heartbeat since height " + e.lastHeartbeat();
      case LeaseResumed e -> "lease of " + e.provider() + " resumed: heartbeats are back";
      case SlaCompensated e ->
          e.buyer()
              + " compensated "
              + Amount.format(e.amount())
              + " from the stake of "
              + e.provider()
              + " ("
              + e.tier().wireName()
              + " SLA broken)";
      case CheckpointSaved e -> "unit " + e.unit() + " checkpoint saved: " + e.checkpoint();
      case BillingStarted e ->
          "service of "
              + e.provider()
              + " is up: charged "
              + e.ratePerBlock()
              + " ugrid per block from the next block";
      case ServiceCharged e ->
          e.provider()
              + " paid "
              + Amount.format(e.paid())
              + " for "
              + e.blocks()
              + " block(s) + network fee "
              + Amount.format(e.fee());
      case LeaseClosed e -> "lease of " + e.provider() + " closed: " + e.reason().name();
      case JobDone e -> "every unit reported: job done";
      case JobClosed e -> "job closed: " + e.reason().name();
      case EscrowDeposited e ->
          Amount.format(e.amount()) + " added to escrow, now " + Amount.format(e.escrow());
      case EscrowRefunded e -> Amount.format(e.amount()) + " of escrow refunded to " + e.buyer();
      case CollateralReturned e ->
          Amount.format(e.amount()) + " of bid collateral returned to " + e.provider();
      case FeePaid ignored -> attributes(event.attributes());
      case ProviderRegistered ignored -> attributes(event.attributes());
      case ProviderUpdated ignored -> attributes(event.attributes());
      case StakeBonded ignored -> attributes(event.attributes());
      case Transferred ignored -> attributes(event.attributes());
      case UnbondCompleted ignored -> attributes(event.attributes());
      case UnbondStarted ignored -> attributes(event.attributes());
      case UnknownEvent ignored -> attributes(event.attributes());
    };
  }

  private static String skipReason(AuditSkipReason reason) {
    return switch (reason) {
      case NO_ELIGIBLE_AUDITOR -> "no other provider can run it";
      case POOL_SHORT -> "the verification pool cannot pay an auditor";
      case ATTEMPTS_EXHAUSTED -> "every auditor tried timed out; the unit is accepted";
    };
  }

  private static String amount(String value) {
    try {
      return Amount.format(Long.parseLong(value));
    } catch (NumberFormatException e) {
      return value;
    }
  }

  private static String attributes(SortedMap<String, String> attributes) {
    StringBuilder sb = new StringBuilder();
    attributes.forEach(
        (k, v) -> {
          if (!"job".equals(k)) {
            sb.append(k).append('=');
            sb.append(AMOUNTS.contains(k) ? amount(v) : v).append(' ');
          }
        });
    return sb.toString().strip();
  }
}
