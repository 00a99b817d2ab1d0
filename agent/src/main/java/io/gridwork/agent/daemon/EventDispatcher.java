package io.gridwork.agent.daemon;

import io.gridwork.agent.audit.AuditRunner;
import io.gridwork.agent.audit.Audits;
import io.gridwork.agent.bidding.BidBook;
import io.gridwork.agent.bidding.Bidder;
import io.gridwork.agent.gpu.GpuAllocator;
import io.gridwork.agent.lease.LeaseRunner;
import io.gridwork.agent.lease.Leases;
import io.gridwork.agent.service.ServiceRunner;
import io.gridwork.agent.state.AgentState;
import io.gridwork.agent.work.CommitWatch;
import io.gridwork.agent.work.LeaseContext;
import io.gridwork.agent.work.TxSubmitter;
import io.gridwork.api.JobInfo;
import io.gridwork.api.LeaseInfo;
import io.gridwork.client.BlockEvent;
import io.gridwork.client.EventInfo;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns each block the node streams into what the agent does about it, so that the agent's wiring
 * and the meaning of each ledger event live apart. Called on the event stream's thread only.
 */
final class EventDispatcher {
  private final Address self;
  private final Bidder bidder;
  private final BidBook book;
  private final AgentState state;
  private final TxSubmitter txs;
  private final CommitWatch commits;
  private final Map<Hash, JobInfo> knownJobs;
  private final Leases leaseRunners;
  private final Audits auditRunners;
  private final Map<Hash, LeaseRunner> leases;
  private final Map<Hash, ServiceRunner> services;
  private final Map<String, AuditRunner> audits;
  private final GpuAllocator gpus;
  private final AtomicLong latestHeight;
  private final long heartbeatIntervalBlocks;
  private final Leases.Failures failures;
  private final Clock clock;

  EventDispatcher(
      LeaseContext ctx,
      Bidder bidder,
      BidBook book,
      Leases leaseRunners,
      Audits auditRunners,
      GpuAllocator gpus,
      AtomicLong latestHeight,
      long heartbeatIntervalBlocks,
      Leases.Failures failures,
      Clock clock) {
    this.self = ctx.key().address();
    this.bidder = bidder;
    this.book = book;
    this.state = ctx.state();
    this.txs = ctx.txs();
    this.commits = ctx.commits();
    this.knownJobs = ctx.knownJobs();
    this.leaseRunners = leaseRunners;
    this.auditRunners = auditRunners;
    this.leases = leaseRunners.batch();
    this.services = leaseRunners.services();
    this.audits = auditRunners.running();
    this.gpus = gpus;
    this.latestHeight = latestHeight;
    this.heartbeatIntervalBlocks = heartbeatIntervalBlocks;
    this.failures = failures;
    this.clock = clock;
  }

  /**
   * Handles one block: its commits first (results the lease threads sent are counted), then its
   * events (jobs taking bids go to the bidder), then heartbeats, and the state is written once.
   */
  void block(BlockEvent block) {
    latestHeight.set(block.height());
    List<EventInfo> all = new ArrayList<>();
    List<Map.Entry<Hash, String>> codes = new ArrayList<>();
    for (BlockEvent.TxEvents tx : block.txs()) {
      codes.add(Map.entry(tx.hash(), tx.code()));
      all.addAll(tx.events());
    }
    commits.block(block.height(), codes);
    try {
      txs.block(block.height(), codes.stream().map(Map.Entry::getKey).toList());
    } catch (RuntimeException e) {
      failures.failed("checking the transactions sent at height " + block.height(), e);
    }
    all.addAll(block.blockEvents());
    AgentState.Changes changes = AgentState.Changes.of(block.height());
    for (EventInfo event : all) {
      try {
        handle(event, block.height(), changes);
      } catch (RuntimeException e) {
        failures.failed("handling " + event.type() + " at height " + block.height(), e);
      }
    }
    bidder.chainAt(block.height());
    if (block.height() % heartbeatIntervalBlocks == 0) {
      try {
        leaseRunners.heartbeats();
      } catch (RuntimeException e) {
        failures.failed("heartbeats at height " + block.height(), e);
      }
    }
    auditRunners.expireBy(block.height());
    state.record(changes, clock.millis());
  }

  private void handle(EventInfo event, long height, AgentState.Changes changes) {
    Map<String, String> a = event.attributes();
    switch (event.type()) {
      case "job_created" ->
          bidder.opened(
              Bidder.Opening.created(
                  Hash.fromHex(a.get("job")), Long.parseLong(a.get("biddingClosesAt"))));
      case "bidding_reopened" ->
          bidder.opened(
              new Bidder.Opening(
                  Hash.fromHex(a.get("job")),
                  Long.parseLong(a.get("biddingClosesAt")),
                  Integer.parseInt(a.get("units")),
                  Integer.parseInt(a.get("round"))));
      case "auction_closed" -> {
        Hash job = Hash.fromHex(a.get("job"));
        boolean won = List.of(a.get("winners").split(",")).contains(self.toString());
        book.auctionClosed(job, won);
        changes.settledBids().add(a.get("job"));
      }
      case "lease_opened" -> {
        if (self.toString().equals(a.get("provider"))) {
          Hash job = Hash.fromHex(a.get("job"));
          book.leaseWon(job);
          JobInfo known = knownJobs.get(job);
          if (known != null && known.spec().isBatch()) {
            startLease(openedLease(a, height));
          } else {
            startLeaseAsync(Hash.fromHex(a.get("lease")));
          }
        }
      }
      case "lease_closed" -> {
        if (self.toString().equals(a.get("provider"))) {
          stopLease(Hash.fromHex(a.get("lease")));
          changes.endedLeases().add(a.get("lease"));
        }
      }
      case "job_closed", "job_done" -> {
        Hash job = Hash.fromHex(a.get("job"));
        book.jobEnded(job);
        knownJobs.remove(job);
        changes.settledBids().add(a.get("job"));
        leases.values().stream()
            .filter(r -> r.lease().jobId().equals(job))
            .forEach(r -> stopLease(r.lease().id()));
        services.values().stream()
            .filter(r -> r.lease().jobId().equals(job))
            .forEach(r -> stopLease(r.lease().id()));
        gpus.jobEnded(job);
      }
      case "lease_suspended" -> {
        if (self.toString().equals(a.get("provider"))) {
          resumeSuspended(Hash.fromHex(a.get("lease")));
        }
      }
      case "audit_assigned" -> {
        if (self.toString().equals(a.get("auditor"))) {
          AgentState.PendingAudit audit =
              new AgentState.PendingAudit(
                  a.get("job"),
                  Integer.parseInt(a.get("unit")),
                  Integer.parseInt(a.get("round")),
                  Long.parseLong(a.get("deadline")),
                  a.get("lease"),
                  Long.parseLong(a.get("reward")));
          state.auditAssigned(audit, clock.millis());
          startAudit(audit);
        }
      }
      case "audit_timed_out" -> {
        if (self.toString().equals(a.get("auditor"))) {
          String key = a.get("job") + ":" + a.get("unit") + ":" + a.get("round");
          AuditRunner runner = audits.get(key);
          if (runner != null) {
            runner.expire();
          }
        }
      }
      case "audit_passed" -> {
        if (self.toString().equals(a.get("auditor"))) {
          state.auditPaid(Long.parseLong(a.get("reward")), clock.millis());
        }
      }
      default -> {}
    }
  }

  /**
   * A batch lease as the auction created it, read from its {@code lease_opened} event, so no
   * request to the node is needed to start running it. What the event does not carry (the SLA stake
   * committed, when the ledger next checks for heartbeats, when a service is first charged) is 0:
   * the runner uses none of them.
   */
  private LeaseInfo openedLease(Map<String, String> a, long height) {
    return new LeaseInfo(
        Hash.fromHex(a.get("lease")),
        Hash.fromHex(a.get("job")),
        self,
        "batch",
        "ACTIVE",
        null,
        Long.parseLong(a.get("price")),
        a.get("gpuModel"),
        Integer.parseInt(a.get("gpuCount")),
        Long.parseLong(a.get("collateral")),
        height,
        0,
        Integer.parseInt(a.get("units")),
        0,
        Long.parseLong(a.get("ratePerBlock")),
        height,
        0,
        height,
        0,
        0,
        0,
        0,
        0);
  }

  private void startLease(LeaseInfo lease) {
    leaseRunners.start(lease);
  }

  private void startLeaseAsync(Hash leaseId) {
    leaseRunners.startAsync(leaseId, failures);
  }

  private void stopLease(Hash leaseId) {
    leaseRunners.stop(leaseId);
  }

  private void resumeSuspended(Hash leaseId) {
    leaseRunners.resumeSuspended(leaseId);
  }

  private void startAudit(AgentState.PendingAudit audit) {
    auditRunners.start(audit);
  }
}
