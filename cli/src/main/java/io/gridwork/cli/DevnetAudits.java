package io.gridwork.cli;

import io.gridwork.api.BlockEvent;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.event.AuctionClosed;
import io.gridwork.protocol.event.AuditAssigned;
import io.gridwork.protocol.event.AuditDisputed;
import io.gridwork.protocol.event.AuditInconclusive;
import io.gridwork.protocol.event.AuditPassed;
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
import io.gridwork.protocol.event.LeaseClosed;
import io.gridwork.protocol.event.LeaseOpened;
import io.gridwork.protocol.event.LeaseResumed;
import io.gridwork.protocol.event.LeaseSuspended;
import io.gridwork.protocol.event.LedgerEvent;
import io.gridwork.protocol.event.ProviderRegistered;
import io.gridwork.protocol.event.ProviderUpdated;
import io.gridwork.protocol.event.ServiceCharged;
import io.gridwork.protocol.event.SlaCompensated;
import io.gridwork.protocol.event.Slashed;
import io.gridwork.protocol.event.StakeBonded;
import io.gridwork.protocol.event.Transferred;
import io.gridwork.protocol.event.UnbondCompleted;
import io.gridwork.protocol.event.UnbondStarted;
import io.gridwork.protocol.event.UnitCompleted;
import io.gridwork.protocol.event.UnitReported;
import io.gridwork.protocol.event.UnitRequeued;
import io.gridwork.protocol.event.UnknownEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What verification did to the devnet's render job, read from the node's event stream: a line per
 * audit verdict as it happens, and the totals for the summary (frames audited, verdicts, what
 * auditors earned, the verification fee the buyer's payments carried).
 *
 * <p>Threads: the event stream's thread records blocks; the devnet's main thread takes the lines
 * and reads the totals. Every method is synchronized.
 */
final class DevnetAudits {
  private final Function<String, String> names;
  private final List<String> pending = new ArrayList<>();
  private final Set<Integer> audited = new TreeSet<>();
  private final Map<String, Long> auditorEarnings = new TreeMap<>();
  private final Map<String, Long> verificationFees = new TreeMap<>();
  private final Map<Integer, String> providerOfUnit = new TreeMap<>();
  private Hash job;
  private long lastHeight;
  private int passed;
  private int disputed;
  private int timedOut;
  private int skipped;
  private int inconclusive;
  private int slashes;

  /** {@code names} turns an address (as the events write it) into a demo account's name. */
  DevnetAudits(Function<String, String> names) {
    this.names = names;
  }

  /** From now on, only the events of this job count. */
  synchronized void follow(Hash job) {
    this.job = job;
  }

  synchronized void record(BlockEvent block) {
    for (BlockEvent.TxEvents tx : block.txs()) {
      tx.events().forEach(this::record);
    }
    block.blockEvents().forEach(this::record);
    lastHeight = block.height();
  }

  /** The height of the last block recorded. */
  synchronized long lastHeight() {
    return lastHeight;
  }

  /** The verdict lines recorded since the last call. */
  synchronized List<String> takeLines() {
    List<String> lines = List.copyOf(pending);
    pending.clear();
    return lines;
  }

  private void record(LedgerEvent event) {
    if (job == null || event.job().filter(job::equals).isEmpty()) {
      return;
    }
    switch (event) {
      case AuditAssigned e -> {
        audited.add(e.unit());
        providerOfUnit.put(e.unit(), name(e.provider()));
      }
      case AuditPassed e -> {
        passed++;
        auditorEarnings.merge(name(e.auditor()), e.reward(), Long::sum);
        pending.add(
            "  audit "
                + frame(e.unit())
                + ": "
                + name(e.auditor())
                + " re-rendered it, same output as "
                + providerOf(e.unit())
                + "; auditor paid "
                + Amount.format(e.reward()));
      }
      case AuditDisputed e -> {
        disputed++;
        pending.add(
            "  audit "
                + frame(e.unit())
                + ": "
                + name(e.auditor())
                + " got a DIFFERENT output from "
                + providerOf(e.unit())
                + "'s; a third provider breaks the tie");
      }
      case AuditTimedOut e -> {
        timedOut++;
        pending.add(
            "  audit "
                + frame(e.unit())
                + ": "
                + name(e.auditor())
                + " did not answer in time; no verdict, another auditor is asked");
      }
      case AuditSkipped e -> {
        skipped++;
        pending.add("  audit " + frame(e.unit()) + ": skipped (" + e.reason().name() + ")");
      }
      case AuditInconclusive e -> {
        inconclusive++;
        pending.add(
            "  audit " + frame(e.unit()) + ": inconclusive, nobody slashed, frame accepted");
      }
      case Slashed e -> {
        slashes++;
        pending.add(
            "  slashed "
                + name(e.provider())
                + " "
                + Amount.format(e.amount())
                + " for "
                + e.reason().name()
                + " on "
                + frame(e.unit()));
      }
      case UnitCompleted e ->
          verificationFees.merge(name(e.provider()), e.verificationFee(), Long::sum);
      case AuctionClosed ignored -> {}
      case BidPlaced ignored -> {}
      case BiddingReopened ignored -> {}
      case BillingStarted ignored -> {}
      case CheckpointSaved ignored -> {}
      case CollateralReturned ignored -> {}
      case EscrowDeposited ignored -> {}
      case EscrowRefunded ignored -> {}
      case FeePaid ignored -> {}
      case JobClosed ignored -> {}
      case JobCreated ignored -> {}
      case JobDone ignored -> {}
      case LeaseClosed ignored -> {}
      case LeaseOpened ignored -> {}
      case LeaseResumed ignored -> {}
      case LeaseSuspended ignored -> {}
      case ProviderRegistered ignored -> {}
      case ProviderUpdated ignored -> {}
      case ServiceCharged ignored -> {}
      case SlaCompensated ignored -> {}
      case StakeBonded ignored -> {}
      case Transferred ignored -> {}
      case UnbondCompleted ignored -> {}
      case UnbondStarted ignored -> {}
      case UnitReported ignored -> {}
      case UnitRequeued ignored -> {}
      case UnknownEvent ignored -> {}
    }
  }

  private static String frame(int unit) {
    return "frame " + unit;
  }

  private String providerOf(int unit) {
    return providerOfUnit.getOrDefault(unit, "the provider");
  }

  private String name(Address address) {
    return names.apply(address.toString());
  }

  /** The verification fee taken from the provider's frames, in ugrid. */
  synchronized long verificationFee(String provider) {
    return verificationFees.getOrDefault(provider, 0L);
  }

  /** The summary's verification lines. */
  synchronized List<String> summary(int frames, long windowBlocks, long blockMillis) {
    List<String> lines = new ArrayList<>();
    long fee = verificationFees.values().stream().mapToLong(Long::longValue).sum();
    lines.add(
        "Verification: "
            + audited.size()
            + " of "
            + frames
            + " frames re-rendered by another provider: "
            + passed
            + " matched, "
            + disputed
            + " disputed, "
            + inconclusive
            + " inconclusive, "
            + timedOut
            + " auditor time-outs, "
            + skipped
            + " skipped, "
            + slashes
            + " slashes");
    StringBuilder earned = new StringBuilder();
    long total = 0;
    for (Map.Entry<String, Long> e : auditorEarnings.entrySet()) {
      earned.append(earned.isEmpty() ? " (" : ", ");
      earned.append(e.getKey()).append(' ').append(Amount.format(e.getValue()));
      total += e.getValue();
    }
    if (!earned.isEmpty()) {
      earned.append(')');
    }
    lines.add(
        "Auditors earned "
            + Amount.format(total)
            + earned
            + " from the verification pool; the frames paid "
            + Amount.format(fee)
            + " of verification fee into it");
    lines.add(
        "Challenge window: each frame's payment was held "
            + windowBlocks
            + " blocks ("
            + windowBlocks * blockMillis
            + " ms) after its result, longer while its audit ran");
    return lines;
  }
}
