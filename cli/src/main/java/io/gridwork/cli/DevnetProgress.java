package io.gridwork.cli;

import static io.gridwork.cli.DevnetAccounts.name;

import io.gridwork.agent.daemon.Agent;
import io.gridwork.api.BidInfo;
import io.gridwork.api.JobInfo;
import io.gridwork.api.LeaseInfo;
import io.gridwork.client.GridworkClient;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.JobStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * The devnet's live view of its render job: a line per bid, lease and audit verdict on stdout and a
 * progress bar of frames on stderr, polled from the node until the job is done; it also notes when
 * each lease opened and last finished a frame, the GPU time the summary prices.
 */
final class DevnetProgress {
  static final Duration POLL = Duration.ofMillis(200);

  private final GridworkClient client;
  private final String url;
  private final DevnetAudits audits;
  private final List<Agent> agents;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Map<Hash, Long> leaseOpenedAt = new TreeMap<>(Comparator.comparing(Hash::toHex));
  private final Map<Hash, Long> leaseBusyUntil = new TreeMap<>(Comparator.comparing(Hash::toHex));

  DevnetProgress(
      GridworkClient client,
      String url,
      DevnetAudits audits,
      List<Agent> agents,
      PrintWriter out,
      PrintWriter err) {
    this.client = client;
    this.url = url;
    this.audits = audits;
    this.agents = agents;
    this.out = out;
    this.err = err;
  }

  /**
   * Shows bids, leases and a progress bar until the job is done; empty when {@code stopEarly} says
   * so first. Fails when the job closes unfinished or is not done {@code timeoutSeconds} after
   * {@code started}.
   */
  Optional<JobInfo> follow(
      Hash jobId, int units, long started, long timeoutSeconds, BooleanSupplier stopEarly)
      throws InterruptedException {
    long deadline = started + Duration.ofSeconds(timeoutSeconds).toNanos();
    Set<String> shownBids = new HashSet<>();
    Set<Hash> shownLeases = new HashSet<>();
    Map<Hash, Integer> unitsDone = new TreeMap<>(Comparator.comparing(Hash::toHex));
    ProgressBar bar = null;
    try {
      while (true) {
        if (stopEarly.getAsBoolean()) {
          return Optional.empty();
        }
        JobInfo job = client.job(jobId).orElseThrow();
        for (BidInfo bid : client.bids(jobId)) {
          if (shownBids.add(bid.provider() + "/" + bid.placedHeight())) {
            out.printf(
                "  bid   %-8s %d x %-24s %s per frame, up to %d frames (block %d)%n",
                name(bid.provider()),
                bid.gpuCount(),
                bid.gpuModel(),
                Amount.format(bid.price()),
                bid.maxUnits(),
                bid.placedHeight());
          }
        }
        List<LeaseInfo> leases = client.leases(jobId);
        for (LeaseInfo lease : leases) {
          if (unitsDone.getOrDefault(lease.id(), -1) < lease.unitsDone()) {
            unitsDone.put(lease.id(), lease.unitsDone());
            leaseBusyUntil.put(lease.id(), System.nanoTime());
          }
          if (shownLeases.add(lease.id())) {
            leaseOpenedAt.put(lease.id(), System.nanoTime());
            if (bar != null) {
              err.println();
            }
            out.printf(
                "  lease %-8s %d frames at %s each (auction round %d, block %d)%n",
                name(lease.provider()),
                lease.unitsAssigned(),
                Amount.format(lease.price()),
                JobViews.auctionRound(job),
                lease.openedHeight());
            out.flush();
          }
        }
        List<String> verdicts = audits.takeLines();
        if (!verdicts.isEmpty()) {
          if (bar != null) {
            err.println();
          }
          verdicts.forEach(out::println);
          out.flush();
        }
        if (bar == null && !leases.isEmpty()) {
          bar = progressBar(units);
        }
        if (bar != null) {
          bar.stepTo(job.units().done());
        }
        if (job.status() == JobStatus.DONE) {
          return Optional.of(job);
        }
        if (job.status() == JobStatus.CLOSED) {
          throw new CommandFailure(
              "the render job closed before finishing ("
                  + job.closeReason()
                  + ") with "
                  + job.units().done()
                  + "/"
                  + units
                  + " frames done; see 'gridwork job explain "
                  + jobId.toHex()
                  + " --node "
                  + url
                  + "'");
        }
        if (System.nanoTime() > deadline) {
          throw new CommandFailure(timedOut(job, leases, timeoutSeconds));
        }
        Thread.sleep(POLL);
      }
    } finally {
      if (bar != null) {
        bar.close();
        err.flush();
      }
    }
  }

  /**
   * Seconds of GPU time {@code lease} was held: its GPUs times the wall time from its opening to
   * its last frame, as seen here.
   */
  double gpuSeconds(LeaseInfo lease) {
    long opened = leaseOpenedAt.getOrDefault(lease.id(), 0L);
    long busy = leaseBusyUntil.getOrDefault(lease.id(), opened);
    return Math.max(1, lease.gpuCount()) * (busy - opened) / 1e9;
  }

  private String timedOut(JobInfo job, List<LeaseInfo> leases, long timeoutSeconds) {
    StringBuilder why =
        new StringBuilder(
            "the render job did not finish within --timeout "
                + timeoutSeconds
                + " s: "
                + job.status()
                + ", "
                + job.units().done()
                + "/"
                + job.units().total()
                + " frames done, "
                + job.units().pending()
                + " waiting for an auction");
    for (LeaseInfo lease : leases) {
      why.append(
          String.format(
              "%n  lease of %s: %s, %d/%d frames%s",
              name(lease.provider()),
              lease.status(),
              lease.unitsDone(),
              lease.unitsAssigned(),
              lease.closeReason() == null ? "" : " (" + lease.closeReason() + ")"));
    }
    for (Agent agent : agents) {
      agent.snapshot().decisions().stream()
          .reduce((first, second) -> second)
          .ifPresent(
              d ->
                  why.append(
                      String.format(
                          "%n  %s last decided: %s %s",
                          name(agent.address()), d.action(), d.message())));
    }
    return why.toString();
  }

  private ProgressBar progressBar(int units) {
    return new ProgressBarBuilder()
        .setTaskName("frames")
        .setInitialMax(units)
        .setUpdateIntervalMillis(250)
        .setConsumer(
            new DelegatingProgressBarConsumer(
                line -> {
                  // The bar redraws in place on stderr, so stdout stays a readable log.
                  err.print("\r" + line);
                  err.flush();
                }))
        .build();
  }
}
