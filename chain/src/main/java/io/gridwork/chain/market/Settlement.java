package io.gridwork.chain.market;

import io.gridwork.chain.bank.Bank;
import io.gridwork.chain.genesis.MarketParams;
import io.gridwork.chain.genesis.Params;
import io.gridwork.chain.reputation.ProviderStats;
import io.gridwork.chain.reputation.Reputation;
import io.gridwork.chain.staking.Staking;
import io.gridwork.chain.state.Keys;
import io.gridwork.chain.state.State;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.event.BiddingReopened;
import io.gridwork.protocol.event.CollateralReturned;
import io.gridwork.protocol.event.EscrowDeposited;
import io.gridwork.protocol.event.EscrowRefunded;
import io.gridwork.protocol.event.JobClosed;
import io.gridwork.protocol.event.JobDone;
import io.gridwork.protocol.event.LeaseClosed;
import io.gridwork.protocol.event.LedgerEvent;
import io.gridwork.protocol.event.ServiceCharged;
import io.gridwork.protocol.event.UnitCompleted;
import io.gridwork.protocol.event.UnitReported;
import io.gridwork.protocol.event.UnitRequeued;
import io.gridwork.protocol.market.CloseReason;
import io.gridwork.protocol.market.JobStatus;
import io.gridwork.protocol.market.LeaseStatus;
import io.gridwork.protocol.tx.JobIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every movement of market money after a job is created: holding and paying units and paying
 * service blocks out of escrow (minus the network fee, and for verified units the verification
 * fee), closing leases and returning their collateral, re-opening bidding for abandoned or released
 * work, and finishing jobs with a refund of unused escrow.
 */
final class Settlement {
  private Settlement() {}

  /**
   * Charges a service lease for the blocks since it was last settled, through {@code height}, and
   * returns the stored lease. Batch leases, services not billing yet (no heartbeat so far),
   * suspended leases (which are not charged) and leases already settled return unchanged. The sweep
   * closes a lease before its escrow falls short, so running short here is a bug.
   */
  static Lease settle(State state, Lease lease, long height, Params params, List<LedgerEvent> e) {
    if (!lease.billing() || lease.suspended() || height <= lease.lastSettledHeight()) {
      return lease;
    }
    long blocks = height - lease.lastSettledHeight();
    long owed = Math.multiplyExact(lease.ratePerBlock(), blocks);
    long fee = pay(state, lease, owed, params.market().networkFeeBps(), 0).fee();
    Lease settled = lease.withPayment(owed, height);
    MarketStore.putLease(state, lease, settled);
    e.add(
        new ServiceCharged(
            lease.id(), lease.jobId(), lease.provider(), blocks, owed, owed - fee, fee));
    return settled;
  }

  /**
   * Records unit {@code unit} reported by the lease and closes the lease once all its units are
   * reported. A deterministic job's unit is held: its payment waits in escrow for the end of its
   * challenge window, and it is queued for sampling at the end of the next block and for
   * finalization at the end of the window. Any other unit is paid at once.
   */
  static void reportUnit(
      State state,
      Lease lease,
      int unit,
      Hash output,
      long height,
      Params params,
      List<LedgerEvent> events) {
    Job job = MarketStore.requireJob(state, lease.jobId());
    boolean verified = job.spec().deterministic();
    MarketStore.putLease(state, lease, lease.withUnitDone());
    // The result supersedes the unit's saved progress, and no later run should start from it.
    MarketStore.deleteCheckpoint(state, job.id(), unit);
    if (verified) {
      MarketStore.putUnit(
          state, job.id(), new UnitState(unit, lease.id(), output, UnitStatus.REPORTED, height));
      long finalAt = finalAt(height, params);
      MarketStore.scheduleUnit(state, Keys.UNITS_TO_SAMPLE, height + 1, job.id(), unit);
      MarketStore.scheduleUnit(state, Keys.UNITS_TO_FINALIZE, finalAt, job.id(), unit);
      events.add(
          new UnitReported(lease.id(), lease.jobId(), lease.provider(), unit, output, finalAt));
    } else {
      UnitState done = new UnitState(unit, lease.id(), output, UnitStatus.FINAL, height);
      MarketStore.putUnit(state, job.id(), done);
      payForUnit(state, done, 0, params.market(), events);
      Reputation.update(state, lease.provider(), ProviderStats::withUnitCompleted);
    }
    Lease current = MarketStore.requireLease(state, lease.id());
    if (current.unitsDone() == current.unitsAssigned()) {
      closeLease(state, current, CloseReason.ALL_UNITS_DONE, height, params, events);
    }
    if (!verified) {
      finishIfDone(state, job.id(), height, params, events);
    }
  }

  /**
   * The end of the challenge window of a unit reported at {@code reportedHeight}. Parameters are
   * fixed at genesis, so the height a unit was scheduled at can be recomputed to unschedule it.
   */
  static long finalAt(long reportedHeight, Params params) {
    return Math.addExact(reportedHeight, params.audit().challengeWindowBlocks());
  }

  /**
   * Makes a held unit final and pays it: the network fee to the fee pool, the verification fee to
   * the verification pool, the rest to the provider, whose run of verified units grows by one. The
   * job is done when this was its last unit.
   */
  static void finalizeUnit(
      State state, Hash jobId, int unit, long height, Params params, List<LedgerEvent> events) {
    UnitState held =
        MarketStore.unit(state, jobId, unit)
            .filter(u -> u.status().held())
            .orElseThrow(
                () -> new IllegalStateException("unit " + unit + " of " + jobId + " is not held"));
    UnitState done = held.withStatus(UnitStatus.FINAL);
    MarketStore.putUnit(state, jobId, done);
    Lease lease =
        payForUnit(state, done, params.audit().verificationFeeBps(), params.market(), events);
    Reputation.update(state, lease.provider(), ProviderStats::withUnitVerified);
    finishIfDone(state, jobId, height, params, events);
  }

  /**
   * Takes back every unit of the provider's lease in the job that is not final: the records go, so
   * the next auction hands the units out again (the escrow never paid for them), and the lease, if
   * still active, closes for {@code reason}. A job still running takes bids again; a finished job
   * refunds the held payments of those units to its buyer instead. Returns the released units.
   */
  static List<Integer> releaseUnits(
      State state,
      Hash jobId,
      Address provider,
      CloseReason reason,
      long height,
      Params params,
      List<LedgerEvent> events) {
    Optional<Lease> found = MarketStore.lease(state, JobIds.leaseId(jobId, provider));
    if (found.isEmpty()) {
      return List.of();
    }
    Lease lease = found.get();
    boolean finished = MarketStore.requireJob(state, jobId).status().finished();
    List<Integer> released = new ArrayList<>();
    long heldPayments = 0;
    for (UnitState unit : MarketStore.units(state, jobId)) {
      if (!unit.leaseId().equals(lease.id()) || unit.status() == UnitStatus.FINAL) {
        continue;
      }
      MarketStore.deleteUnit(state, jobId, unit.unit());
      if (unit.status().held()) {
        heldPayments = Math.addExact(heldPayments, lease.price());
        MarketStore.unscheduleUnit(
            state, Keys.UNITS_TO_SAMPLE, unit.reportedHeight() + 1, jobId, unit.unit());
        MarketStore.unscheduleUnit(
            state,
            Keys.UNITS_TO_FINALIZE,
            finalAt(unit.reportedHeight(), params),
            jobId,
            unit.unit());
      }
      released.add(unit.unit());
      if (!finished) {
        events.add(new UnitRequeued(jobId, unit.unit(), reason));
      }
    }
    if (lease.active()) {
      closeLease(state, lease, reason, height, params, events);
    }
    Job job = MarketStore.requireJob(state, jobId);
    if (finished) {
      if (heldPayments > 0) {
        refund(state, job, heldPayments, events);
      }
    } else if (!released.isEmpty() && !job.bidding()) {
      reopenBidding(state, job, 0, released.size(), height, params, events);
    }
    return released;
  }

  /**
   * Moves a final unit's price out of escrow and records it on the lease and the job; {@code
   * verificationFeeBps} of it goes to the verification pool. Returns the lease as stored after.
   */
  private static Lease payForUnit(
      State state,
      UnitState unit,
      int verificationFeeBps,
      MarketParams params,
      List<LedgerEvent> events) {
    Lease lease = MarketStore.requireLease(state, unit.leaseId());
    Split split = pay(state, lease, lease.price(), params.networkFeeBps(), verificationFeeBps);
    Lease paid = lease.withPayment(lease.price(), lease.lastSettledHeight());
    MarketStore.putLease(state, lease, paid);
    Job job = MarketStore.requireJob(state, lease.jobId());
    MarketStore.putJob(state, job, job.withUnitsDone(job.unitsDone() + 1));
    events.add(
        new UnitCompleted(
            lease.id(),
            lease.jobId(),
            lease.provider(),
            unit.unit(),
            unit.outputHash(),
            lease.price(),
            split.provider(),
            split.fee(),
            split.verificationFee()));
    return paid;
  }

  /** Finishes the job as DONE when its last unit became final and it is not finished already. */
  private static void finishIfDone(
      State state, Hash jobId, long height, Params params, List<LedgerEvent> events) {
    Job job = MarketStore.requireJob(state, jobId);
    if (!job.status().finished() && job.unitsDone() == job.units()) {
      finishJob(state, jobId, JobStatus.DONE, CloseReason.ALL_UNITS_DONE, height, params, events);
    }
  }

  /**
   * Adds a buyer's deposit to the job's escrow and moves the sweep of its billing services out
   * accordingly.
   */
  static void deposit(
      State state,
      Hash jobId,
      Address buyer,
      long amount,
      long height,
      Params params,
      List<LedgerEvent> events) {
    // A suspended service, or one not billing yet, is not charged, so it has no exhaustion height
    // to move; it gets one from the escrow as it stands when it is next charged.
    List<Lease> services =
        MarketStore.leasesOfJob(state, jobId).stream()
            .filter(l -> l.status() == LeaseStatus.ACTIVE && l.billing())
            .toList();
    for (Lease lease : services) {
      settle(state, lease, height, params, events);
    }
    Job job = MarketStore.requireJob(state, jobId);
    Job topped = job.withDeposit(amount);
    MarketStore.putJob(state, job, topped);
    for (Lease lease : services) {
      Lease current = MarketStore.lease(state, lease.id()).orElseThrow();
      MarketStore.putLease(
          state,
          current,
          current.withExhaustionHeight(
              Prices.exhaustionHeight(
                  current.lastSettledHeight(), topped.escrow(), current.ratePerBlock())));
    }
    events.add(new EscrowDeposited(jobId, buyer, amount, topped.escrow()));
  }

  /**
   * The provider gives up {@code lease}, or the ledger does for it ({@code reason}): it is settled
   * and closed, its unreported units become unassigned (each announced by {@code unit_requeued},
   * and counted as abandoned in the provider's reputation), and the job takes bids again for the
   * work left.
   */
  static void giveUpLease(
      State state,
      Lease lease,
      CloseReason reason,
      long height,
      Params params,
      List<LedgerEvent> e) {
    closeLease(state, lease, reason, height, params, e);
    int released = 0;
    for (UnitState unit : MarketStore.units(state, lease.jobId())) {
      if (unit.leaseId().equals(lease.id()) && !unit.reported()) {
        MarketStore.deleteUnit(state, lease.jobId(), unit.unit());
        released++;
        e.add(new UnitRequeued(lease.jobId(), unit.unit(), reason));
      }
    }
    if (released > 0) {
      int abandoned = released;
      Reputation.update(state, lease.provider(), stats -> stats.withUnitsAbandoned(abandoned));
    }
    Job job = MarketStore.requireJob(state, lease.jobId());
    if (!job.bidding()) {
      reopenBidding(state, job, 0, lease.service() ? 0 : released, height, params, e);
    }
  }

  /** Opens a new bid window for the job's unassigned work, as auction round {@code round}. */
  static void reopenBidding(
      State state,
      Job job,
      int round,
      int units,
      long height,
      Params params,
      List<LedgerEvent> events) {
    long closesAt = Math.addExact(height, params.market().bidWindowBlocks());
    MarketStore.putJob(state, job, job.withBidding(closesAt, round));
    events.add(new BiddingReopened(job.id(), round, units, closesAt));
  }

  /**
   * Ends the job with {@code status} and {@code reason}: active leases are settled and closed for
   * the same reason, open bids and unused escrow go back, the units' checkpoints are dropped, and
   * the job records when and why. The payments of units still held in their challenge window stay
   * in escrow: those units are paid when they become final, or refunded if their provider is found
   * wrong.
   */
  static void finishJob(
      State state,
      Hash jobId,
      JobStatus status,
      CloseReason reason,
      long height,
      Params params,
      List<LedgerEvent> events) {
    for (Lease lease : MarketStore.leasesOfJob(state, jobId)) {
      if (lease.active()) {
        closeLease(state, lease, reason, height, params, events);
      }
    }
    for (Bid bid : MarketStore.bids(state, jobId)) {
      returnBid(state, bid, events);
    }
    for (int unit : MarketStore.checkpoints(state, jobId).keySet()) {
      MarketStore.deleteCheckpoint(state, jobId, unit);
    }
    long held = heldPayments(state, jobId);
    Job job = MarketStore.requireJob(state, jobId);
    if (job.escrow() > held) {
      refund(state, job, job.escrow() - held, events);
    }
    Job refunded = MarketStore.requireJob(state, jobId);
    MarketStore.putJob(state, refunded, refunded.finished(status, reason, height));
    if (status == JobStatus.DONE) {
      events.add(new JobDone(jobId));
    } else {
      events.add(new JobClosed(jobId, reason));
    }
  }

  /** The prices of the job's units that are reported and not yet final. */
  private static long heldPayments(State state, Hash jobId) {
    long held = 0;
    for (UnitState unit : MarketStore.units(state, jobId)) {
      if (unit.status().held()) {
        held = Math.addExact(held, MarketStore.requireLease(state, unit.leaseId()).price());
      }
    }
    return held;
  }

  /** Returns {@code amount} of the job's escrow to its buyer. */
  private static void refund(State state, Job job, long amount, List<LedgerEvent> events) {
    Bank.release(state, job.buyer(), amount);
    MarketStore.putJob(state, job, job.withEscrow(job.escrow() - amount));
    events.add(new EscrowRefunded(job.id(), job.buyer(), amount));
  }

  /**
   * Settles and closes {@code lease} for {@code reason}, frees its GPUs, returns its collateral and
   * releases its SLA stake, paying the buyer the compensation if the lease broke its tier's
   * promise; the job counts one active lease fewer.
   */
  static void closeLease(
      State state,
      Lease lease,
      CloseReason reason,
      long height,
      Params params,
      List<LedgerEvent> events) {
    Lease settled = settle(state, lease, height, params, events);
    Lease closed = settled.closed(reason, height);
    MarketStore.putLease(state, settled, closed);
    if (lease.gpuCount() > 0) {
      MarketStore.addGpusInUse(state, lease.provider(), lease.gpuModel(), -lease.gpuCount());
    }
    returnCollateral(state, lease.jobId(), lease.provider(), lease.collateral(), events);
    Job job = MarketStore.requireJob(state, lease.jobId());
    MarketStore.putJob(state, job, job.withLeases(job.activeLeases() - 1));
    events.add(new LeaseClosed(lease.id(), lease.jobId(), lease.provider(), reason));
    Liveness.countExpected(state, closed, params.liveness());
    ServiceLevel.settleOnClose(state, closed, job, params, events);
  }

  /** Removes a bid that did not become a lease and returns its collateral. */
  static void returnBid(State state, Bid bid, List<LedgerEvent> events) {
    MarketStore.deleteBid(state, bid);
    if (bid.slaStake() > 0) {
      Staking.commitSla(state, bid.provider(), -bid.slaStake());
    }
    returnCollateral(state, bid.jobId(), bid.provider(), bid.collateral(), events);
  }

  private static void returnCollateral(
      State state, Hash jobId, Address provider, long amount, List<LedgerEvent> events) {
    if (amount == 0) {
      return;
    }
    Bank.release(state, provider, amount);
    events.add(new CollateralReturned(jobId, provider, amount));
  }

  /** How a payment out of escrow was divided. */
  private record Split(long fee, long verificationFee, long provider) {}

  /**
   * Moves {@code amount} out of the lease's job escrow: the network fee to the fee pool, the
   * verification fee to the verification pool, the rest to the provider.
   */
  private static Split pay(
      State state, Lease lease, long amount, int networkFeeBps, int verificationFeeBps) {
    Job job = MarketStore.requireJob(state, lease.jobId());
    if (amount > job.escrow()) {
      throw new IllegalStateException(
          "job "
              + job.id()
              + " owes "
              + amount
              + "ugrid but holds "
              + job.escrow()
              + "ugrid in escrow");
    }
    long fee = Prices.networkFee(amount, networkFeeBps);
    long verificationFee = Prices.networkFee(amount, verificationFeeBps);
    MarketStore.putJob(state, job, job.withEscrow(job.escrow() - amount));
    Bank.addToFeePool(state, fee);
    if (verificationFee > 0) {
      Bank.addToVerificationPool(state, verificationFee);
    }
    long toProvider = amount - fee - verificationFee;
    Bank.release(state, lease.provider(), toProvider);
    return new Split(fee, verificationFee, toProvider);
  }
}
