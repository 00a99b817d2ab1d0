package io.gridwork.bench.market;

import io.gridwork.api.BlockEvent;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * What the event stream said about each benchmark job, stage by stage (created, bids, auction
 * rounds, lease opened, unit paid), so a run can say where a job's time went and not only how long
 * it took.
 *
 * <p>Written by the event stream's thread only; read by the benchmark's thread once every job's
 * last event (its unit paid) was recorded.
 */
final class JobTimeline {

  /** One job's stages; block times in milliseconds, 0 while the stage has not happened. */
  private static final class Trace {
    long createdMillis;
    long leasedHeight;
    long leasedMillis;
    long paidBlockMillis;
    long paidAtNanos;
    int firstRoundBids;
    int rounds;
  }

  private final Map<String, Trace> traces = new ConcurrentHashMap<>();

  /** Records what {@code block} says about jobs; returns the jobs whose unit was paid in it. */
  List<String> record(BlockEvent block, long seenAtNanos) {
    List<LedgerEvent> events = new ArrayList<>(block.blockEvents());
    block.txs().forEach(tx -> events.addAll(tx.events()));
    List<String> paid = new ArrayList<>();
    for (LedgerEvent event : events) {
      Optional<Hash> job = event.job();
      if (job.isEmpty()) {
        continue;
      }
      String id = job.get().toHex();
      Trace trace = traces.computeIfAbsent(id, j -> new Trace());
      switch (event) {
        case JobCreated e -> trace.createdMillis = block.timeMillis();
        case BidPlaced e -> {
          if (trace.rounds == 0) {
            trace.firstRoundBids++;
          }
        }
        case AuctionClosed e -> {
          // The auction that opens the lease reports after the lease; later ones do not count.
          if (trace.leasedHeight == 0 || trace.leasedHeight == block.height()) {
            trace.rounds++;
          }
        }
        case LeaseOpened e -> {
          if (trace.leasedHeight == 0) {
            trace.leasedHeight = block.height();
            trace.leasedMillis = block.timeMillis();
          }
        }
        case UnitCompleted e -> {
          if (trace.paidAtNanos == 0) {
            trace.paidBlockMillis = block.timeMillis();
            trace.paidAtNanos = seenAtNanos;
            paid.add(id);
          }
        }
        case AuditAssigned ignored -> {}
        case AuditDisputed ignored -> {}
        case AuditInconclusive ignored -> {}
        case AuditPassed ignored -> {}
        case AuditSkipped ignored -> {}
        case AuditTimedOut ignored -> {}
        case BiddingReopened ignored -> {}
        case BillingStarted ignored -> {}
        case CheckpointSaved ignored -> {}
        case CollateralReturned ignored -> {}
        case EscrowDeposited ignored -> {}
        case EscrowRefunded ignored -> {}
        case FeePaid ignored -> {}
        case JobClosed ignored -> {}
        case JobDone ignored -> {}
        case LeaseClosed ignored -> {}
        case LeaseResumed ignored -> {}
        case LeaseSuspended ignored -> {}
        case ProviderRegistered ignored -> {}
        case ProviderUpdated ignored -> {}
        case ServiceCharged ignored -> {}
        case SlaCompensated ignored -> {}
        case Slashed ignored -> {}
        case StakeBonded ignored -> {}
        case Transferred ignored -> {}
        case UnbondCompleted ignored -> {}
        case UnbondStarted ignored -> {}
        case UnitReported ignored -> {}
        case UnitRequeued ignored -> {}
        case UnknownEvent ignored -> {}
      }
    }
    return paid;
  }

  /** Jobs whose unit was paid so far. */
  int paidCount() {
    return (int) traces.values().stream().filter(t -> t.paidAtNanos != 0).count();
  }

  /** When the event stream delivered the block that paid {@code job}'s unit, by nano time. */
  long paidAtNanos(String job) {
    return traces.get(job).paidAtNanos;
  }

  /** Block time from the job's creation to its lease opening, sorted ascending. */
  List<Long> auctionMillis(List<String> jobs) {
    return sorted(jobs.stream().map(traces::get).map(t -> t.leasedMillis - t.createdMillis));
  }

  /** The stages of {@code jobs}, all of which were paid. */
  MarketBenchResult.Stages stages(List<String> jobs, double cpuMillisPerJob) {
    List<Trace> all = jobs.stream().map(traces::get).toList();
    List<Long> leases = sorted(all.stream().map(t -> t.paidBlockMillis - t.leasedMillis));
    List<Long> bids = sorted(all.stream().map(t -> (long) t.firstRoundBids));
    return new MarketBenchResult.Stages(
        (int) all.stream().filter(t -> t.rounds == 1).count(),
        all.stream().mapToInt(t -> t.rounds).max().orElse(0),
        percentile(bids, 50),
        percentile(leases, 50),
        percentile(leases, 99),
        cpuMillisPerJob);
  }

  static long percentile(List<Long> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index));
  }

  private static List<Long> sorted(Stream<Long> values) {
    return values.sorted(Comparator.naturalOrder()).toList();
  }
}
