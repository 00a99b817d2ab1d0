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
import io.gridwork.api.BlockEvent;
import io.gridwork.api.JobInfo;
import io.gridwork.api.LeaseInfo;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.error.ErrorCode;
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
import io.gridwork.protocol.market.LeaseStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    List<LedgerEvent> all = new ArrayList<>();
    List<Map.Entry<Hash, Optional<ErrorCode>>> codes = new ArrayList<>();
    for (BlockEvent.TxEvents tx : block.txs()) {
      codes.add(Map.entry(tx.hash(), tx.error()));
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
    for (LedgerEvent event : all) {
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

  private void handle(LedgerEvent event, long height, AgentState.Changes changes) {
    switch (event) {
      case JobCreated created ->
          bidder.opened(Bidder.Opening.created(created.jobId(), created.biddingClosesAt()));
      case BiddingReopened reopened ->
          bidder.opened(
              new Bidder.Opening(
                  reopened.jobId(),
                  reopened.biddingClosesAt(),
                  reopened.units(),
                  reopened.round()));
      case AuctionClosed closed -> {
        book.auctionClosed(closed.jobId(), closed.winners().contains(self));
        changes.settledBids().add(closed.jobId().toHex());
      }
      case LeaseOpened opened -> {
        if (self.equals(opened.provider())) {
          book.leaseWon(opened.jobId());
          JobInfo known = knownJobs.get(opened.jobId());
          if (known != null && known.spec().isBatch()) {
            startLease(openedLease(opened, height));
          } else {
            startLeaseAsync(opened.leaseId());
          }
        }
      }
      case LeaseClosed closed -> {
        if (self.equals(closed.provider())) {
          stopLease(closed.leaseId());
          changes.endedLeases().add(closed.leaseId().toHex());
        }
      }
      case JobClosed closed -> jobEnded(closed.jobId(), changes);
      case JobDone done -> jobEnded(done.jobId(), changes);
      case LeaseSuspended suspended -> {
        if (self.equals(suspended.provider())) {
          resumeSuspended(suspended.leaseId());
        }
      }
      case AuditAssigned assigned -> {
        if (self.equals(assigned.auditor())) {
          AgentState.PendingAudit audit =
              new AgentState.PendingAudit(
                  assigned.jobId().toHex(),
                  assigned.unit(),
                  assigned.round(),
                  assigned.deadline(),
                  assigned.leaseId().toHex(),
                  assigned.reward());
          state.auditAssigned(audit, clock.millis());
          startAudit(audit);
        }
      }
      case AuditTimedOut timedOut -> {
        if (self.equals(timedOut.auditor())) {
          String key = timedOut.jobId().toHex() + ":" + timedOut.unit() + ":" + timedOut.round();
          AuditRunner runner = audits.get(key);
          if (runner != null) {
            runner.expire();
          }
        }
      }
      case AuditPassed passed -> {
        if (self.equals(passed.auditor())) {
          state.auditPaid(passed.reward(), clock.millis());
        }
      }
      case AuditDisputed ignored -> {}
      case AuditInconclusive ignored -> {}
      case AuditSkipped ignored -> {}
      case BidPlaced ignored -> {}
      case BillingStarted ignored -> {}
      case CheckpointSaved ignored -> {}
      case CollateralReturned ignored -> {}
      case EscrowDeposited ignored -> {}
      case EscrowRefunded ignored -> {}
      case FeePaid ignored -> {}
      case LeaseResumed ignored -> {}
      case ProviderRegistered ignored -> {}
      case ProviderUpdated ignored -> {}
      case ServiceCharged ignored -> {}
      case SlaCompensated ignored -> {}
      case Slashed ignored -> {}
      case StakeBonded ignored -> {}
      case Transferred ignored -> {}
      case UnbondCompleted ignored -> {}
      case UnbondStarted ignored -> {}
      case UnitCompleted ignored -> {}
      case UnitReported ignored -> {}
      case UnitRequeued ignored -> {}
      case UnknownEvent ignored -> {}
    }
  }

  /** A job closed or done: its bids are settled, its leases stop and its cards are free. */
  private void jobEnded(Hash job, AgentState.Changes changes) {
    book.jobEnded(job);
    knownJobs.remove(job);
    changes.settledBids().add(job.toHex());
    leases.values().stream()
        .filter(r -> r.lease().jobId().equals(job))
        .forEach(r -> stopLease(r.lease().id()));
    services.values().stream()
        .filter(r -> r.lease().jobId().equals(job))
        .forEach(r -> stopLease(r.lease().id()));
    gpus.jobEnded(job);
  }

  /**
   * A batch lease as the auction created it, read from its opening event, so no request to the node
   * is needed to start running it. What the event does not carry (the SLA stake committed, when the
   * ledger next checks for heartbeats, when a service is first charged) is 0: the runner uses none
   * of them.
   */
  private LeaseInfo openedLease(LeaseOpened opened, long height) {
    return new LeaseInfo(
        opened.leaseId(),
        opened.jobId(),
        self,
        "batch",
        LeaseStatus.ACTIVE,
        null,
        opened.price(),
        opened.gpuModel(),
        opened.gpuCount(),
        opened.collateral(),
        height,
        0,
        opened.units(),
        0,
        opened.ratePerBlock(),
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
