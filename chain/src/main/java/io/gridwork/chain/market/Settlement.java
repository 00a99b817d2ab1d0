package io.gridwork.chain.market;

import io.gridwork.chain.bank.Bank;
import io.gridwork.chain.exec.Event;
import io.gridwork.chain.genesis.MarketParams;
import io.gridwork.chain.genesis.Params;
import io.gridwork.chain.reputation.Reputation;
import io.gridwork.chain.staking.Staking;
import io.gridwork.chain.state.State;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import java.util.List;

/**
 * Every movement of market money after a job is created: paying units and service blocks out of
 * escrow (minus the network fee), closing leases and returning their collateral, re-opening bidding
 * for abandoned work, and finishing jobs with a refund of unused escrow.
 */
final class Settlement {
  private Settlement() {}

  /**
   * Charges a service lease for the blocks since it was last settled, through {@code height}, and
   * returns the stored lease. Batch leases, suspended leases (which are not charged) and leases
   * already settled return unchanged. The sweep closes a lease before its escrow falls short, so
   * running short here is a bug.
   */
  static Lease settle(State state, Lease lease, long height, Params params, List<Event> e) {
    if (!lease.service() || lease.suspended() || height <= lease.lastSettledHeight()) {
      return lease;
    }
    long blocks = height - lease.lastSettledHeight();
    long owed = Math.multiplyExact(lease.ratePerBlock(), blocks);
    long fee = pay(state, lease, owed, params.market());
    Lease settled = lease.withPayment(owed, height);
    MarketStore.putLease(state, lease, settled);
    e.add(
        Event.of(
            "service_charged",
            "lease",
            lease.id().toHex(),
            "job",
            lease.jobId().toHex(),
            "provider",
            lease.provider().toString(),
            "blocks",
            Long.toString(blocks),
            "amount",
            Long.toString(owed),
            "paid",
            Long.toString(owed - fee),
            "fee",
            Long.toString(fee)));
    return settled;
  }

  /** Records unit {@code unit} reported by the lease, pays its price, and closes what it ends. */
  static void payUnit(
      State state,
      Lease lease,
      int unit,
      Hash output,
      long height,
      Params params,
      List<Event> events) {
    long fee = pay(state, lease, lease.price(), params.market());
    MarketStore.putUnit(state, lease.jobId(), new UnitState(unit, lease.id(), output));
    // The result supersedes the unit's saved progress, and no later run should start from it.
    MarketStore.deleteCheckpoint(state, lease.jobId(), unit);
    Lease paid =
        lease
            .withPayment(lease.price(), lease.lastSettledHeight())
            .withUnits(lease.unitsAssigned(), lease.unitsDone() + 1);
    MarketStore.putLease(state, lease, paid);
    Job job = MarketStore.requireJob(state, lease.jobId());
    Job counted = job.withUnitsDone(job.unitsDone() + 1);
    MarketStore.putJob(state, job, counted);
    events.add(
        Event.of(
            "unit_completed",
            "lease",
            lease.id().toHex(),
            "job",
            lease.jobId().toHex(),
            "provider",
            lease.provider().toString(),
            "unit",
            Integer.toString(unit),
            "output",
            output.toHex(),
            "amount",
            Long.toString(lease.price()),
            "paid",
            Long.toString(lease.price() - fee),
            "fee",
            Long.toString(fee)));
    if (paid.unitsDone() == paid.unitsAssigned()) {
      closeLease(state, paid, CloseReason.ALL_UNITS_DONE, height, params, events);
    }
    if (counted.unitsDone() == counted.units()) {
      finishJob(
          state, job.id(), JobStatus.DONE, CloseReason.ALL_UNITS_DONE, height, params, events);
    }
  }

  /** Adds a buyer's deposit to the job's escrow and moves the service sweep out accordingly. */
  static void deposit(
      State state,
      Hash jobId,
      Address buyer,
      long amount,
      long height,
      Params params,
      List<Event> events) {
    // A suspended service is not charged, so it has no exhaustion height to move.
    List<Lease> services =
        MarketStore.leasesOfJob(state, jobId).stream()
            .filter(l -> l.status() == LeaseStatus.ACTIVE && l.service())
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
    events.add(
        Event.of(
            "escrow_deposited",
            "job",
            jobId.toHex(),
            "buyer",
            buyer.toString(),
            "amount",
            Long.toString(amount),
            "escrow",
            Long.toString(topped.escrow())));
  }

  /**
   * The provider gives up {@code lease}, or the ledger does for it ({@code reason}): it is settled
   * and closed, its unreported units become unassigned (and count as abandoned in the provider's
   * reputation), and the job takes bids again for the work left.
   */
  static void giveUpLease(
      State state, Lease lease, CloseReason reason, long height, Params params, List<Event> e) {
    closeLease(state, lease, reason, height, params, e);
    int released = 0;
    for (UnitState unit : MarketStore.units(state, lease.jobId())) {
      if (unit.leaseId().equals(lease.id()) && !unit.reported()) {
        MarketStore.deleteUnit(state, lease.jobId(), unit.unit());
        released++;
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
      State state, Job job, int round, int units, long height, Params params, List<Event> events) {
    long closesAt = Math.addExact(height, params.market().bidWindowBlocks());
    MarketStore.putJob(state, job, job.withBidding(closesAt, round));
    events.add(
        Event.of(
            "bidding_reopened",
            "job",
            job.id().toHex(),
            "round",
            Integer.toString(round),
            "units",
            Integer.toString(units),
            "biddingClosesAt",
            Long.toString(closesAt)));
  }

  /**
   * Ends the job with {@code status} and {@code reason}: active leases are settled and closed for
   * the same reason, open bids and unused escrow go back, the units' checkpoints are dropped, and
   * the job records when and why.
   */
  static void finishJob(
      State state,
      Hash jobId,
      JobStatus status,
      CloseReason reason,
      long height,
      Params params,
      List<Event> events) {
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
    Job job = MarketStore.requireJob(state, jobId);
    if (job.escrow() > 0) {
      Bank.release(state, job.buyer(), job.escrow());
      events.add(
          Event.of(
              "escrow_refunded",
              "job",
              jobId.toHex(),
              "buyer",
              job.buyer().toString(),
              "amount",
              Long.toString(job.escrow())));
    }
    MarketStore.putJob(state, job, job.withEscrow(0).finished(status, reason, height));
    if (status == JobStatus.DONE) {
      events.add(Event.of("job_done", "job", jobId.toHex()));
    } else {
      events.add(Event.of("job_closed", "job", jobId.toHex(), "reason", reason.name()));
    }
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
      List<Event> events) {
    Lease settled = settle(state, lease, height, params, events);
    Lease closed = settled.closed(reason, height);
    MarketStore.putLease(state, settled, closed);
    if (lease.gpuCount() > 0) {
      MarketStore.addGpusInUse(state, lease.provider(), lease.gpuModel(), -lease.gpuCount());
    }
    returnCollateral(state, lease.jobId(), lease.provider(), lease.collateral(), events);
    Job job = MarketStore.requireJob(state, lease.jobId());
    MarketStore.putJob(state, job, job.withLeases(job.activeLeases() - 1));
    events.add(
        Event.of(
            "lease_closed",
            "lease",
            lease.id().toHex(),
            "job",
            lease.jobId().toHex(),
            "provider",
            lease.provider().toString(),
            "reason",
            reason.name()));
    Liveness.countExpected(state, closed, params.liveness());
    ServiceLevel.settleOnClose(state, closed, job, params, events);
  }

  /** Removes a bid that did not become a lease and returns its collateral. */
  static void returnBid(State state, Bid bid, List<Event> events) {
    MarketStore.deleteBid(state, bid);
    if (bid.slaStake() > 0) {
      Staking.commitSla(state, bid.provider(), -bid.slaStake());
    }
    returnCollateral(state, bid.jobId(), bid.provider(), bid.collateral(), events);
  }

  private static void returnCollateral(
      State state, Hash jobId, Address provider, long amount, List<Event> events) {
    if (amount == 0) {
      return;
    }
    Bank.release(state, provider, amount);
    events.add(
        Event.of(
            "collateral_returned",
            "job",
            jobId.toHex(),
            "provider",
            provider.toString(),
            "amount",
            Long.toString(amount)));
  }

  /**
   * Moves {@code amount} out of the lease's job escrow: the network fee to the fee pool, the rest
   * to the provider. Returns the fee.
   */
  private static long pay(State state, Lease lease, long amount, MarketParams params) {
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
    long fee = Prices.networkFee(amount, params.networkFeeBps());
    MarketStore.putJob(state, job, job.withEscrow(job.escrow() - amount));
    Bank.addToFeePool(state, fee);
    Bank.release(state, lease.provider(), amount - fee);
    return fee;
  }
}
