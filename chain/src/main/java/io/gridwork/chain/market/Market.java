package io.gridwork.chain.market;

import io.gridwork.chain.bank.Bank;
import io.gridwork.chain.exec.Rejection;
import io.gridwork.chain.exec.TxContext;
import io.gridwork.chain.genesis.MarketParams;
import io.gridwork.chain.genesis.Params;
import io.gridwork.chain.staking.Provider;
import io.gridwork.chain.staking.Staking;
import io.gridwork.chain.state.Keys;
import io.gridwork.chain.state.ReadableState;
import io.gridwork.chain.state.State;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.error.BankError;
import io.gridwork.protocol.error.MarketError;
import io.gridwork.protocol.event.BidPlaced;
import io.gridwork.protocol.event.CheckpointSaved;
import io.gridwork.protocol.event.JobCreated;
import io.gridwork.protocol.event.JobKind;
import io.gridwork.protocol.event.LedgerEvent;
import io.gridwork.protocol.market.CloseReason;
import io.gridwork.protocol.market.JobStatus;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.spec.JobSpecValidator;
import io.gridwork.protocol.spec.SpecError;
import io.gridwork.protocol.tx.Checkpoint;
import io.gridwork.protocol.tx.CloseJob;
import io.gridwork.protocol.tx.CloseLease;
import io.gridwork.protocol.tx.CreateJob;
import io.gridwork.protocol.tx.DepositMore;
import io.gridwork.protocol.tx.Heartbeat;
import io.gridwork.protocol.tx.JobIds;
import io.gridwork.protocol.tx.PlaceBid;
import io.gridwork.protocol.tx.UnitResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The marketplace ledger: jobs with their escrow, bids, the reverse auction that turns bids into
 * leases, and the payments from escrow to providers. The one entry point for the executor (one
 * handler per transaction kind and {@link #endBlock}) and for queries.
 *
 * <p>Money moves only between balances, job escrow, bid collateral (held by bids, then by the
 * leases they become), the fee pool and, for SLA compensation, provider stake, so the supply audit
 * can account for every ugrid. Service leases are charged from their first heartbeat on, settled
 * lazily (rate × blocks since the last settlement) whenever they or their job are touched, and
 * swept at the end of the block whose height their escrow runs out at, found through an index so
 * end-of-block work is proportional to what is due; {@link Liveness} sweeps silent leases the same
 * way.
 *
 * <p>A deterministic batch job's units are paid only once final: a reported unit's price stays in
 * escrow through its challenge window (and any audit still open at its end), then is split between
 * the provider, the network fee and the verification fee. Result verification drives that part of
 * the life of a unit through the methods under "the unit lifecycle".
 *
 * <p>Events (amounts in ugrid; "amount" is what left escrow, "paid" the provider's share, "fee" the
 * network's, "verificationFee" the verification pool's):
 *
 * <pre>
 * job_created          job, buyer, name, kind (batch|service), units, deposit, biddingClosesAt
 * bid_placed           job, provider, price, gpuModel, gpuCount, maxUnits, collateral, slaStake
 * auction_closed       job, round, bids, winners (comma-separated addresses), unitsLeft, filled
 * bidding_reopened     job, round, units, biddingClosesAt
 * lease_opened         lease, job, provider, price, gpuModel, gpuCount, units, firstUnit,
 *                      ratePerBlock (0 for batch), collateral
 * unit_reported        lease, job, provider, unit, output, finalAt (deterministic: payment held)
 * unit_completed       lease, job, provider, unit, output, amount, paid, fee, verificationFee
 * unit_requeued        job, unit, reason (a released unit goes back to auction)
 * billing_started      lease, job, provider, ratePerBlock, exhaustionHeight (a service's first
 *                      heartbeat: charged per block from the next one)
 * service_charged      lease, job, provider, blocks, amount, paid, fee
 * lease_closed         lease, job, provider, reason
 * job_done             job
 * job_closed           job, reason
 * escrow_deposited     job, buyer, amount, escrow
 * escrow_refunded      job, buyer, amount
 * collateral_returned  job, provider, amount
 * checkpoint_saved     lease, job, unit, checkpoint
 * lease_suspended      lease, job, provider, lastHeartbeat
 * lease_resumed        lease, job, provider
 * sla_compensated      lease, job, provider, buyer, tier, amount (moved from stake to the buyer)
 * </pre>
 */
public final class Market {
  private static final int ERRORS_SHOWN = 5;

  private Market() {}

  // ---- queries ----

  public static Optional<Job> job(ReadableState state, Hash jobId) {
    return MarketStore.job(state, jobId);
  }

  /** The buyer's jobs, oldest first. */
  public static List<Job> jobsByBuyer(ReadableState state, Address buyer) {
    List<Hash> ids = new ArrayList<>();
    state.scan(
        Keys.buyerJobsOf(buyer),
        (key, value) -> {
          ids.add(Keys.trailingId(key));
          return true;
        });
    return ids.stream().map(id -> MarketStore.requireJob(state, id)).toList();
  }

  /** Jobs taking bids, the soonest auction first. */
  public static List<Job> openJobs(ReadableState state) {
    return MarketStore.dueUpTo(state, Keys.AUCTIONS_DUE, Long.MAX_VALUE).stream()
        .map(id -> MarketStore.requireJob(state, id))
        .toList();
  }

  /** The bids of the job's current auction round, ordered by provider address. */
  public static List<Bid> bids(ReadableState state, Hash jobId) {
    return MarketStore.bids(state, jobId);
  }

  /** Every lease the job has had, active and closed, ordered by lease id. */
  public static List<Lease> leases(ReadableState state, Hash jobId) {
    return MarketStore.leasesOfJob(state, jobId);
  }

  public static Optional<Lease> lease(ReadableState state, Hash leaseId) {
    return MarketStore.lease(state, leaseId);
  }

  /** Every lease the provider has held, active and closed, ordered by lease id. */
  public static List<Lease> leasesByProvider(ReadableState state, Address provider) {
    return MarketStore.leasesOfProvider(state, provider);
  }

  /**
   * The job's assigned and reported units in ascending order, each with its latest checkpoint;
   * missing units await an auction.
   */
  public static List<UnitState> units(ReadableState state, Hash jobId) {
    return MarketStore.units(state, jobId);
  }

  /**
   * The latest checkpoint saved for a batch unit, whether the unit is assigned now or waits for an
   * auction after its lease gave it up.
   */
  public static Optional<UnitCheckpoint> checkpoint(ReadableState state, Hash jobId, int unit) {
    return MarketStore.checkpoint(state, jobId, unit);
  }

  /** The sum of every job's escrow, counted for the supply audit. */
  public static long escrowHeld(ReadableState state) {
    long[] total = {0};
    state.scan(
        Keys.table(Keys.JOBS),
        (key, value) -> {
          total[0] =
              Math.addExact(total[0], MarketCodec.decodeJob(Keys.trailingId(key), value).escrow());
          return true;
        });
    return total[0];
  }

  /** The collateral locked by open bids and active leases, counted for the supply audit. */
  public static long collateralHeld(ReadableState state) {
    long[] total = {0};
    state.scan(
        Keys.table(Keys.BIDS),
        (key, value) -> {
          Bid bid = MarketCodec.decodeBid(Keys.bidJob(key), Keys.bidProvider(key), value);
          total[0] = Math.addExact(total[0], bid.collateral());
          return true;
        });
    state.scan(
        Keys.table(Keys.LEASES),
        (key, value) -> {
          Lease lease = MarketCodec.decodeLease(Keys.trailingId(key), value);
          if (lease.active()) {
            total[0] = Math.addExact(total[0], lease.collateral());
          }
          return true;
        });
    return total[0];
  }

  // ---- transactions ----

  /** Posts a job and moves its deposit into escrow; bidding runs for the bid window. */
  public static Optional<Rejection> createJob(
      State state, TxContext tx, CreateJob body, List<LedgerEvent> events) {
    JobSpec spec = body.spec();
    List<SpecError> errors = JobSpecValidator.validate(spec);
    if (!errors.isEmpty()) {
      List<String> shown = errors.stream().limit(ERRORS_SHOWN).map(SpecError::toString).toList();
      String more =
          errors.size() > ERRORS_SHOWN ? " (and " + (errors.size() - ERRORS_SHOWN) + " more)" : "";
      return reject(
          MarketError.INVALID_JOB_SPEC, "job spec is invalid: " + String.join("; ", shown) + more);
    }
    MarketParams params = tx.params().market();
    long deposit = spec.pricing().deposit();
    if (deposit < params.minDeposit()) {
      return reject(
          MarketError.DEPOSIT_BELOW_MINIMUM,
          "pricing.deposit "
              + Amount.format(deposit)
              + " is below this chain's minimum deposit "
              + Amount.format(params.minDeposit())
              + "; raise it");
    }
    Optional<Rejection> debited = Bank.debit(state, tx, deposit, "deposit");
    if (debited.isPresent()) {
      return debited;
    }
    Hash id = JobIds.jobId(tx.sender(), tx.nonce());
    long closesAt = Math.addExact(tx.height(), params.bidWindowBlocks());
    Job job =
        new Job(
            id,
            tx.sender(),
            spec,
            tx.height(),
            JobStatus.OPEN,
            null,
            deposit,
            deposit,
            closesAt,
            0,
            0,
            0,
            0);
    MarketStore.putJob(state, null, job);
    events.add(
        new JobCreated(
            id,
            tx.sender(),
            spec.name(),
            spec.isBatch() ? JobKind.BATCH : JobKind.SERVICE,
            job.units(),
            deposit,
            closesAt));
    return Optional.empty();
  }

  /** Records a provider's bid after checking it against the job and locks its collateral. */
  public static Optional<Rejection> placeBid(
      State state, TxContext tx, PlaceBid body, List<LedgerEvent> events) {
    Optional<Job> found = MarketStore.job(state, body.jobId());
    if (found.isEmpty()) {
      return noJob(body.jobId());
    }
    Job job = found.get();
    Optional<Rejection> refused = BidRules.check(state, tx, job, body);
    if (refused.isPresent()) {
      return refused;
    }
    long collateral = tx.params().market().bidCollateral();
    if (collateral > 0) {
      Optional<Rejection> debited = Bank.debit(state, tx, collateral, "bid collateral");
      if (debited.isPresent()) {
        return debited;
      }
    }
    long slaStake = ServiceLevel.stakeFor(job, body.gpuCount(), tx.params().liveness());
    if (slaStake > 0) {
      Staking.commitSla(state, tx.sender(), slaStake);
    }
    MarketStore.putBid(
        state,
        new Bid(
            job.id(),
            tx.sender(),
            body.price(),
            body.gpuModel(),
            body.gpuCount(),
            body.maxUnits(),
            collateral,
            tx.height(),
            slaStake));
    events.add(
        new BidPlaced(
            job.id(),
            tx.sender(),
            body.price(),
            body.gpuModel(),
            body.gpuCount(),
            body.maxUnits(),
            collateral,
            slaStake));
    return Optional.empty();
  }

  /** The buyer ends its job: leases settle and close, bids and unused escrow are returned. */
  public static Optional<Rejection> closeJob(
      State state, TxContext tx, CloseJob body, List<LedgerEvent> events) {
    Optional<Rejection> refused = buyersOpenJob(state, tx, body.jobId(), "close");
    if (refused.isPresent()) {
      return refused;
    }
    Settlement.finishJob(
        state,
        body.jobId(),
        JobStatus.CLOSED,
        CloseReason.BUYER_CLOSED,
        tx.height(),
        tx.params(),
        events);
    return Optional.empty();
  }

  /** The provider gives up its lease; unfinished work goes back to auction. */
  public static Optional<Rejection> closeLease(
      State state, TxContext tx, CloseLease body, List<LedgerEvent> events) {
    Optional<Lease> found = MarketStore.lease(state, body.leaseId());
    Optional<Rejection> refused = holdersActiveLease(found, body.leaseId(), tx.sender());
    if (refused.isPresent()) {
      return refused;
    }
    Settlement.giveUpLease(
        state, found.get(), CloseReason.PROVIDER_CLOSED, tx.height(), tx.params(), events);
    return Optional.empty();
  }

  /**
   * Records a batch unit's output: a deterministic job's unit is held for its challenge window, any
   * other is paid the lease price from escrow at once.
   */
  public static Optional<Rejection> unitResult(
      State state, TxContext tx, UnitResult body, List<LedgerEvent> events) {
    Optional<Lease> found = MarketStore.lease(state, body.leaseId());
    Optional<Rejection> refused = holdersActiveLease(found, body.leaseId(), tx.sender());
    if (refused.isPresent()) {
      return refused;
    }
    Lease lease = found.get();
    Optional<Rejection> notOpen =
        unreportedUnit(
            state,
            lease,
            body.unit(),
            "which is paid per block: send heartbeats, not unit results",
            "report",
            "each unit is paid once");
    if (notOpen.isPresent()) {
      return notOpen;
    }
    Lease alive = Liveness.workReported(state, lease, tx.height(), tx.params(), events);
    Settlement.reportUnit(
        state, alive, body.unit(), body.outputHash(), tx.height(), tx.params(), events);
    return Optional.empty();
  }

  /**
   * Records that the lease's work is alive: a suspended lease resumes, a running service is settled
   * up to this block, and a service's first heartbeat starts its billing.
   */
  public static Optional<Rejection> heartbeat(
      State state, TxContext tx, Heartbeat body, List<LedgerEvent> events) {
    Optional<Lease> found = MarketStore.lease(state, body.leaseId());
    Optional<Rejection> refused = holdersActiveLease(found, body.leaseId(), tx.sender());
    if (refused.isPresent()) {
      return refused;
    }
    Liveness.heartbeat(state, found.get(), tx.height(), tx.params(), events);
    return Optional.empty();
  }

  /**
   * Records the latest checkpoint of a unit the sender's lease holds and has not reported; it stays
   * when the unit is released, so the unit's next lease can resume from it. A suspended lease may
   * still save one, but only a heartbeat or a unit result resumes it.
   */
  public static Optional<Rejection> checkpoint(
      State state, TxContext tx, Checkpoint body, List<LedgerEvent> events) {
    Optional<Lease> found = MarketStore.lease(state, body.leaseId());
    Optional<Rejection> refused = holdersActiveLease(found, body.leaseId(), tx.sender());
    if (refused.isPresent()) {
      return refused;
    }
    Lease lease = found.get();
    Optional<Rejection> notOpen =
        unreportedUnit(
            state,
            lease,
            body.unit(),
            "which has no units to checkpoint",
            "checkpoint",
            "a finished unit needs no checkpoint");
    if (notOpen.isPresent()) {
      return notOpen;
    }
    MarketStore.putCheckpoint(
        state,
        lease.jobId(),
        body.unit(),
        new UnitCheckpoint(body.checkpointHash(), tx.height(), tx.sender()));
    events.add(new CheckpointSaved(lease.id(), lease.jobId(), body.unit(), body.checkpointHash()));
    return Optional.empty();
  }

  /** The buyer adds to a job's escrow, extending how long its service can run. */
  public static Optional<Rejection> depositMore(
      State state, TxContext tx, DepositMore body, List<LedgerEvent> events) {
    if (body.amount() <= 0) {
      return Optional.of(
          new Rejection(
              BankError.INVALID_AMOUNT, "a deposit must add more than 0ugrid, got 0ugrid"));
    }
    Optional<Rejection> refused = buyersOpenJob(state, tx, body.jobId(), "add to");
    if (refused.isPresent()) {
      return refused;
    }
    Optional<Rejection> debited = Bank.debit(state, tx, body.amount(), "deposit");
    if (debited.isPresent()) {
      return debited;
    }
    Settlement.deposit(
        state, body.jobId(), tx.sender(), body.amount(), tx.height(), tx.params(), events);
    return Optional.empty();
  }

  // ---- end of block ----

  /**
   * Runs every auction whose bid window closes at {@code height}, closes every service lease whose
   * escrow cannot pay the next block, then suspends the leases silent past their grace period and
   * closes those silent until their timeout. Each walks an index up to {@code height} only.
   */
  public static void endBlock(State state, long height, Params params, List<LedgerEvent> events) {
    for (Hash jobId : MarketStore.dueUpTo(state, Keys.AUCTIONS_DUE, height)) {
      Auction.run(state, MarketStore.requireJob(state, jobId), height, params, events);
    }
    for (Hash leaseId : MarketStore.dueUpTo(state, Keys.ESCROW_EXHAUSTION, height)) {
      Lease lease =
          MarketStore.lease(state, leaseId)
              .orElseThrow(() -> new IllegalStateException("exhaustion index names " + leaseId));
      if (!lease.active()) {
        throw new IllegalStateException("exhaustion index names closed lease " + leaseId);
      }
      Settlement.finishJob(
          state,
          lease.jobId(),
          JobStatus.CLOSED,
          CloseReason.ESCROW_EXHAUSTED,
          height,
          params,
          events);
    }
    Liveness.endBlock(state, height, params, events);
  }

  // ---- the unit lifecycle, driven by result verification ----

  /** The record of unit {@code unit} of the job, if it has been assigned. */
  public static Optional<UnitState> unit(ReadableState state, Hash jobId, int unit) {
    return MarketStore.unit(state, jobId, unit);
  }

  /**
   * True when {@code provider} could run the job by the rules a bid is checked with (GPU model,
   * memory and count, placement, simulated GPUs), whatever its GPUs are busy with.
   */
  public static boolean canRun(Job job, Provider provider) {
    return BidRules.canRun(job, provider);
  }

  /** Takes the reported units due for sampling at the end of block {@code height}. */
  public static List<UnitRef> takeUnitsToSample(State state, long height) {
    return MarketStore.takeDueUnits(state, Keys.UNITS_TO_SAMPLE, height);
  }

  /** Takes the reported units whose challenge window ends with block {@code height}. */
  public static List<UnitRef> takeUnitsToFinalize(State state, long height) {
    return MarketStore.takeDueUnits(state, Keys.UNITS_TO_FINALIZE, height);
  }

  /**
   * Makes a held unit final and pays it, network and verification fees taken; finishes the job as
   * DONE when it was the last unit.
   */
  public static void finalizeUnit(
      State state, UnitRef ref, long height, Params params, List<LedgerEvent> events) {
    Settlement.finalizeUnit(state, ref.jobId(), ref.unit(), height, params, events);
  }

  /** Marks a reported unit whose window ended with an audit still open; it stays held. */
  public static void awaitAudit(State state, UnitRef ref) {
    UnitState unit =
        MarketStore.unit(state, ref.jobId(), ref.unit())
            .filter(u -> u.status() == UnitStatus.REPORTED)
            .orElseThrow(() -> new IllegalStateException(ref + " is not reported and held"));
    MarketStore.putUnit(state, ref.jobId(), unit.withStatus(UnitStatus.AWAITING_AUDIT));
  }

  /**
   * Takes back every unit of {@code provider}'s lease in the job that is not final, closes that
   * lease for {@code reason} and re-opens bidding for the units (or, on a finished job, refunds
   * their held payments). Returns the released unit numbers.
   */
  public static List<Integer> releaseUnits(
      State state,
      Hash jobId,
      Address provider,
      CloseReason reason,
      long height,
      Params params,
      List<LedgerEvent> events) {
    return Settlement.releaseUnits(state, jobId, provider, reason, height, params, events);
  }

  // ---- shared checks ----

  private static Optional<Rejection> buyersOpenJob(
      ReadableState state, TxContext tx, Hash jobId, String action) {
    Optional<Job> found = MarketStore.job(state, jobId);
    if (found.isEmpty()) {
      return noJob(jobId);
    }
    Job job = found.get();
    if (!job.buyer().equals(tx.sender())) {
      return reject(
          MarketError.NOT_JOB_BUYER,
          "only the buyer " + job.buyer() + " can " + action + " job " + jobId);
    }
    if (job.status().finished()) {
      return finished(job);
    }
    return Optional.empty();
  }

  /**
   * Refuses a unit-level transaction on a service lease, on a unit the lease was not given, or on a
   * unit already reported; the strings finish each refusal with what the sender should do instead.
   */
  private static Optional<Rejection> unreportedUnit(
      State state,
      Lease lease,
      int unit,
      String serviceAdvice,
      String verb,
      String reportedAdvice) {
    if (lease.service()) {
      return reject(
          MarketError.NOT_A_BATCH_JOB, "lease " + lease.id() + " runs a service, " + serviceAdvice);
    }
    Optional<UnitState> found =
        unit < 0
            ? Optional.empty()
            : MarketStore.unit(state, lease.jobId(), unit)
                .filter(u -> u.leaseId().equals(lease.id()));
    if (found.isEmpty()) {
      return reject(
          MarketError.UNIT_NOT_IN_LEASE,
          "unit "
              + unit
              + " is not assigned to lease "
              + lease.id()
              + "; "
              + verb
              + " only the units the lease was given");
    }
    if (found.get().reported()) {
      return reject(
          MarketError.UNIT_ALREADY_REPORTED,
          "unit "
              + unit
              + " was already reported with output "
              + found.get().outputHash()
              + "; "
              + reportedAdvice);
    }
    return Optional.empty();
  }

  private static Optional<Rejection> holdersActiveLease(
      Optional<Lease> found, Hash leaseId, Address sender) {
    if (found.isEmpty()) {
      return reject(
          MarketError.LEASE_NOT_FOUND,
          "no lease has id " + leaseId + "; list your leases to find the right one");
    }
    Lease lease = found.get();
    if (!lease.provider().equals(sender)) {
      return reject(
          MarketError.NOT_LEASE_HOLDER,
          "lease " + leaseId + " is held by " + lease.provider() + ", not by " + sender);
    }
    if (!lease.active()) {
      return reject(
          MarketError.LEASE_CLOSED,
          "lease "
              + leaseId
              + " closed at height "
              + lease.closedHeight()
              + " ("
              + lease.closeReason()
              + ")");
    }
    return Optional.empty();
  }

  static Optional<Rejection> noJob(Hash jobId) {
    return reject(
        MarketError.JOB_NOT_FOUND,
        "no job has id " + jobId + "; check the id printed when the job was created");
  }

  static Optional<Rejection> finished(Job job) {
    return reject(
        MarketError.JOB_FINISHED,
        "job "
            + job.id()
            + " is "
            + job.status()
            + " since height "
            + job.closedHeight()
            + " ("
            + job.closeReason()
            + ")");
  }

  static Optional<Rejection> reject(MarketError error, String message) {
    return Optional.of(new Rejection(error, message));
  }
}
