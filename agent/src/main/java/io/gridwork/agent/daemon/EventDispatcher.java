package io.gridwork.agent.daemon;

import io.gridwork.api.JobInfo;
import io.gridwork.api.LeaseInfo;
import io.gridwork.client.EventInfo;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import java.util.List;
import java.util.Map;

/**
 * Turns each ledger event of a block into what the agent does about it, so that the agent's wiring
 * and the meaning of each event live apart. Called on the event stream's thread only.
 */
final class EventDispatcher {
  private final Agent agent;
  private final Address self;
  private final Bidder bidder;
  private final BidBook book;
  private final AgentState state;
  private final Map<Hash, JobInfo> knownJobs;
  private final Map<Hash, LeaseRunner> leases;
  private final Map<Hash, ServiceRunner> services;
  private final Map<String, AuditRunner> audits;
  private final Object gpuLock;
  private final Map<Hash, LeaseInfo> waitingForGpus;

  EventDispatcher(
      Agent agent,
      Address self,
      Bidder bidder,
      BidBook book,
      AgentState state,
      Map<Hash, JobInfo> knownJobs,
      Map<Hash, LeaseRunner> leases,
      Map<Hash, ServiceRunner> services,
      Map<String, AuditRunner> audits,
      Object gpuLock,
      Map<Hash, LeaseInfo> waitingForGpus) {
    this.agent = agent;
    this.self = self;
    this.bidder = bidder;
    this.book = book;
    this.state = state;
    this.knownJobs = knownJobs;
    this.leases = leases;
    this.services = services;
    this.audits = audits;
    this.gpuLock = gpuLock;
    this.waitingForGpus = waitingForGpus;
  }

  void handle(EventInfo event, long height, AgentState.Changes changes) {
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
        synchronized (gpuLock) {
          waitingForGpus.values().removeIf(l -> l.jobId().equals(job));
        }
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
          state.auditAssigned(audit, System.currentTimeMillis());
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
          state.auditPaid(Long.parseLong(a.get("reward")), System.currentTimeMillis());
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
    agent.startLease(lease);
  }

  private void startLeaseAsync(Hash leaseId) {
    agent.startLeaseAsync(leaseId);
  }

  private void stopLease(Hash leaseId) {
    agent.stopLease(leaseId);
  }

  private void resumeSuspended(Hash leaseId) {
    agent.resumeSuspended(leaseId);
  }

  private void startAudit(AgentState.PendingAudit audit) {
    agent.startAudit(audit);
  }
}
