package io.gridwork.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridwork.agent.daemon.Agent;
import io.gridwork.api.JobInfo;
import io.gridwork.api.LeaseInfo;
import io.gridwork.client.GridworkClient;
import io.gridwork.protocol.Address;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Shows where a job is: its status, escrow, units and leases, and for a service where each lease is
 * reached and what it was charged; with {@code --watch} it follows the node's event stream and
 * draws the units done until the job is done or closed.
 */
@Command(
    name = "status",
    description = {
      "A job's status, escrow, units and leases.",
      "--watch follows the job block by block with a progress bar until it is done or closed."
    })
final class JobStatusCommand extends JobLookup {
  /** How long to wait for a block before asking the node directly, in case the stream broke. */
  private static final Duration REFRESH = Duration.ofSeconds(2);

  @Option(
      names = "--watch",
      description = "follow the job until it is done or closed, with a progress bar of its units")
  boolean watch;

  @Override
  int execute() throws InterruptedException {
    GridworkClient client = node.client();
    JobInfo job = job(client);
    if (watch && !job.status().finished()) {
      job = watch(client, job);
    }
    Fields fields = JobViews.job(job);
    List<LeaseInfo> leaseList = client.leases(jobId);
    Report leases = JobViews.leases(job, leaseList);
    ObjectNode json = fields.json();
    json.set("leases", leases.json());
    StringBuilder text = new StringBuilder(fields.text()).append('\n').append(leases.text());
    text.append(JobViews.suspended(leaseList));
    if (job.units() == null) {
      Map<Address, String> hosts = new HashMap<>();
      for (LeaseInfo lease : leaseList) {
        if (lease.open()) {
          client
              .provider(lease.provider())
              .map(p -> p.attributes().get(Agent.HOST_ATTRIBUTE))
              .ifPresent(host -> hosts.put(lease.provider(), host));
        }
      }
      Report services = JobViews.services(job.spec(), leaseList, hosts);
      json.set("services", services.json());
      text.append('\n').append(services.text());
    } else {
      Report units = JobViews.units(job, client.units(jobId), leaseList);
      json.set("unitDetails", units.json().get("units"));
      json.put("heldEscrow", units.json().get("heldEscrow").asLong());
      text.append('\n').append(units.text());
    }
    return print(new Report(text.toString(), json));
  }

  /** Follows the job until it finishes; returns its final state. */
  private JobInfo watch(GridworkClient client, JobInfo job) throws InterruptedException {
    long from = client.status().height() + 1;
    int total = job.units() == null ? 0 : job.units().total();
    ProgressBarBuilder builder =
        new ProgressBarBuilder()
            .setTaskName(job.name())
            .setUpdateIntervalMillis(250)
            .setConsumer(
                new DelegatingProgressBarConsumer(
                    line -> {
                      // Progress goes to stderr so stdout stays the one status report.
                      err().print("\r" + line);
                      err().flush();
                    }));
    if (total > 0) {
      builder.setInitialMax(total).setUnit(" units", 1);
    }
    try (BlockQueue blocks = new BlockQueue(client, from);
        ProgressBar bar = builder.build()) {
      JobInfo current = job;
      while (true) {
        bar.stepTo(current.units() == null ? 0 : current.units().done());
        bar.setExtraMessage(" " + current.status().name().toLowerCase(Locale.ROOT));
        if (current.status().finished()) {
          return current;
        }
        // Any block may have changed the job; one lookup per block is cheaper than decoding
        // which events concern it, and the timeout covers a stream that broke.
        blocks.next(REFRESH);
        blocks.clear();
        current = job(client);
      }
    } finally {
      err().println();
      err().flush();
    }
  }
}
