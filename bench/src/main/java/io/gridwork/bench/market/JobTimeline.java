package io.gridwork.bench.market;

import io.gridwork.client.BlockEvent;
import io.gridwork.client.EventInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
    List<EventInfo> events = new ArrayList<>(block.blockEvents());
    block.txs().forEach(tx -> events.addAll(tx.events()));
    List<String> paid = new ArrayList<>();
    for (EventInfo event : events) {
      String job = event.attributes().get("job");
      if (job == null) {
        continue;
      }
      Trace trace = traces.computeIfAbsent(job, j -> new Trace());
      switch (event.type()) {
        case "job_created" -> trace.createdMillis = block.timeMillis();
        case "bid_placed" -> {
          if (trace.rounds == 0) {
            trace.firstRoundBids++;
          }
        }
        case "auction_closed" -> {
          // The auction that opens the lease reports after the lease; later ones do not count.
          if (trace.leasedHeight == 0 || trace.leasedHeight == block.height()) {
            trace.rounds++;
          }
        }
        case "lease_opened" -> {
          if (trace.leasedHeight == 0) {
            trace.leasedHeight = block.height();
            trace.leasedMillis = block.timeMillis();
          }
        }
        case "unit_completed" -> {
          if (trace.paidAtNanos == 0) {
            trace.paidBlockMillis = block.timeMillis();
            trace.paidAtNanos = seenAtNanos;
            paid.add(job);
          }
        }
        default -> {}
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
