package io.gridwork.chain.audit;

import io.gridwork.chain.bank.Bank;
import io.gridwork.chain.exec.BlockContext;
import io.gridwork.chain.exec.Rejection;
import io.gridwork.chain.exec.TxContext;
import io.gridwork.chain.genesis.AuditParams;
import io.gridwork.chain.genesis.Params;
import io.gridwork.chain.market.Job;
import io.gridwork.chain.market.Lease;
import io.gridwork.chain.market.Market;
import io.gridwork.chain.market.UnitRef;
import io.gridwork.chain.market.UnitState;
import io.gridwork.chain.market.UnitStatus;
import io.gridwork.chain.reputation.ProviderStats;
import io.gridwork.chain.reputation.Reputation;
import io.gridwork.chain.staking.Provider;
import io.gridwork.chain.staking.Staking;
import io.gridwork.chain.state.ReadableState;
import io.gridwork.chain.state.State;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.error.AuditError;
import io.gridwork.protocol.event.AuditAssigned;
import io.gridwork.protocol.event.AuditDisputed;
import io.gridwork.protocol.event.AuditInconclusive;
import io.gridwork.protocol.event.AuditPassed;
import io.gridwork.protocol.event.AuditSkipReason;
import io.gridwork.protocol.event.AuditSkipped;
import io.gridwork.protocol.event.AuditTimedOut;
import io.gridwork.protocol.event.LedgerEvent;
import io.gridwork.protocol.event.SlashReason;
import io.gridwork.protocol.event.Slashed;
import io.gridwork.protocol.market.AuditStatus;
import io.gridwork.protocol.market.CloseReason;
import io.gridwork.protocol.market.ProviderStatus;
import io.gridwork.protocol.tx.AuditResult;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Result verification: sampling reported units of deterministic jobs for re-execution by another
 * provider, the audit rounds that follow, the slashing of whoever is found wrong, and the end of a
 * unit's challenge window after which it is paid. The one entry point for the executor ({@link
 * #auditResult} and {@link #endBlock}) and for queries.
 *
 * <p>Sampling runs at the end of the block after the one holding the unit's result, seeded by that
 * block's hash ({@link Sampler}); the rate is the provider's ({@link Reputation#auditRatePpm}). An
 * auditor is drawn among the providers that are active, are neither the unit's provider nor the
 * job's buyer, have not audited this run of the unit before, and could run the job by the rules a
 * bid is checked with ({@link Market#canRun}); the job's buyer is left out because it profits from
 * the slash a dispute can bring. Its reward, the unit's price, is reserved from the verification
 * pool. A dispute in round one is settled by a second auditor in round two: the side it agrees with
 * is right, the other is slashed; if it agrees with neither, the audit is inconclusive, nobody is
 * slashed, no auditor is paid and the unit counts as verified. An auditor that misses its deadline
 * is replaced (up to {@code maxAuditAttempts} per round) and loses reputation, never stake; if a
 * round runs out of auditors, round one leaves the unit unaudited and round two is inconclusive.
 *
 * <p>A unit becomes final and paid at the end of its challenge window, or when its audit resolves
 * if that is later. Everything done at the end of a block walks a height-ordered index up to the
 * block's height, so the work is proportional to what is due; drawing an auditor also looks at
 * every registered provider, which sampling does only for the share of units it audits.
 *
 * <p>Events (amounts in ugrid):
 *
 * <pre>
 * audit_assigned     job, unit, lease, provider, auditor, round, deadline, reward
 * audit_passed       job, unit, auditor, reward   (the auditor's result was confirmed, reward paid)
 * audit_disputed     job, unit, auditor, output, expected
 * audit_timed_out    job, unit, auditor, round
 * audit_skipped      job, unit, reason (NO_ELIGIBLE_AUDITOR, POOL_SHORT, ATTEMPTS_EXHAUSTED)
 * audit_inconclusive job, unit
 * slashed            provider, job, unit, amount, toBuyer, burned, reason (WRONG_RESULT, WRONG_AUDIT)
 * </pre>
 */
public final class Audits {
  private static final int TIE_BREAK = 2;

  private Audits() {}

  // ---- queries ----

  /** Every audit assignment of the job's units, by unit, oldest first within a unit. */
  public static List<AuditRecord> ofJob(ReadableState state, Hash jobId) {
    return AuditStore.ofJob(state, jobId);
  }

  /** Every audit assignment of one unit of the job, oldest first. */
  public static List<AuditRecord> ofUnit(ReadableState state, Hash jobId, int unit) {
    return AuditStore.ofUnit(state, jobId, unit);
  }

  /** The unreserved tokens in the verification pool, which pays auditors their rewards. */
  public static long verificationPool(ReadableState state) {
    return Bank.verificationPool(state);
  }

  /** The rewards reserved from the verification pool by unresolved audits (supply audit). */
  public static long reservedRewards(ReadableState state) {
    return AuditStore.reserved(state);
  }

  // ---- transactions ----

  /** Checks and applies an auditor's result for a unit it was assigned to re-execute. */
  public static Optional<Rejection> auditResult(
      State state, TxContext tx, AuditResult body, List<LedgerEvent> events) {
    List<AuditRecord> records = AuditStore.ofUnit(state, body.jobId(), body.unit());
    if (records.isEmpty()) {
      return Optional.of(
          new Rejection(
              AuditError.AUDIT_NOT_FOUND,
              "no audit of unit "
                  + body.unit()
                  + " of job "
                  + body.jobId()
                  + " was ever assigned; send results only for audits assigned to you"));
    }
    AuditRecord open = records.get(records.size() - 1);
    if (open.status() != AuditStatus.OPEN) {
      return Optional.of(
          new Rejection(
              AuditError.AUDIT_CLOSED,
              "the audit of unit "
                  + body.unit()
                  + " of job "
                  + body.jobId()
                  + " is "
                  + open.status()
                  + "; no result is awaited from anyone"));
    }
    if (!open.auditor().equals(tx.sender())) {
      return Optional.of(
          new Rejection(
              AuditError.NOT_ASSIGNED_AUDITOR,
              "unit "
                  + body.unit()
                  + " of job "
                  + body.jobId()
                  + " is assigned to auditor "
                  + open.auditor()
                  + " until height "
                  + open.deadline()
                  + ", not to "
                  + tx.sender()));
    }
    AuditStore.unschedule(state, open.deadline(), open.jobId(), open.unit());
    Flow flow = new Flow(state, tx.height(), tx.params(), events);
    if (open.round() == 1) {
      flow.roundOne(open, body.outputHash());
    } else {
      flow.roundTwo(records, open, body.outputHash());
    }
    return Optional.empty();
  }

  // ---- end of block ----

  /**
   * Acts on the audits due at this block's height (deadlines passed, tie-breaks to assign), samples
   * the units reported in the previous block, and ends the challenge windows that end now.
   */
  public static void endBlock(
      State state, BlockContext ctx, Params params, List<LedgerEvent> events) {
    Flow flow = new Flow(state, ctx.height(), params, events);
    for (UnitRef ref : AuditStore.takeDue(state, ctx.height())) {
      flow.due(ref, ctx.previousBlockHash());
    }
    for (UnitRef ref : Market.takeUnitsToSample(state, ctx.height())) {
      flow.sample(ref, ctx.previousBlockHash());
    }
    for (UnitRef ref : Market.takeUnitsToFinalize(state, ctx.height())) {
      flow.windowEnds(ref);
    }
  }

  /** The steps of verification, at one height with one set of parameters, writing to one state. */
  private static final class Flow {
    private final State state;
    private final long height;
    private final Params params;
    private final List<LedgerEvent> events;

    Flow(State state, long height, Params params, List<LedgerEvent> events) {
      this.state = state;
      this.height = height;
      this.params = params;
      this.events = events;
    }

    AuditParams audit() {
      return params.audit();
    }

    void sample(UnitRef ref, Hash previousBlockHash) {
      UnitState unit = requireHeld(ref);
      Lease lease = requireLease(unit.leaseId());
      long rate = Reputation.auditRatePpm(Reputation.stats(state, lease.provider()), audit());
      Sampler.Draw draw = Sampler.draw(previousBlockHash, ref.jobId(), ref.unit());
      if (!draw.audited(rate)) {
        return;
      }
      assign(ref, unit, lease, 1, 1, draw).ifPresent(reason -> skipped(ref, reason));
    }

    void due(UnitRef ref, Hash previousBlockHash) {
      List<AuditRecord> records = AuditStore.ofUnit(state, ref.jobId(), ref.unit());
      AuditRecord latest = records.get(records.size() - 1);
      if (latest.deadline() != height || !latest.status().unresolved()) {
        throw new IllegalStateException("audit index names settled audit of " + ref);
      }
      UnitState unit = requireHeld(ref);
      Lease lease = requireLease(unit.leaseId());
      Sampler.Draw draw = Sampler.draw(previousBlockHash, ref.jobId(), ref.unit());
      if (latest.status() == AuditStatus.DISPUTED) {
        assign(ref, unit, lease, TIE_BREAK, 1, draw)
            .ifPresent(reason -> inconclusive(records, ref));
        return;
      }
      AuditStore.put(state, latest.with(AuditStatus.TIMED_OUT));
      Bank.addToVerificationPool(state, latest.reserved());
      Reputation.update(state, latest.auditor(), ProviderStats::withAuditAbandoned);
      events.add(new AuditTimedOut(ref.jobId(), ref.unit(), latest.auditor(), latest.round()));
      Optional<AuditSkipReason> failed =
          latest.attempt() >= audit().maxAuditAttempts()
              ? Optional.of(AuditSkipReason.ATTEMPTS_EXHAUSTED)
              : assign(ref, unit, lease, latest.round(), latest.attempt() + 1, draw);
      if (failed.isEmpty()) {
        return;
      }
      if (latest.round() == 1) {
        skipped(ref, failed.get());
        verified(ref);
      } else {
        inconclusive(AuditStore.ofUnit(state, ref.jobId(), ref.unit()), ref);
      }
    }

    void windowEnds(UnitRef ref) {
      UnitState unit = requireHeld(ref);
      if (unresolvedAudit(ref, unit.leaseId())) {
        Market.awaitAudit(state, ref);
      } else {
        Market.finalizeUnit(state, ref, height, params, events);
      }
    }

    void roundOne(AuditRecord open, Hash result) {
      UnitRef ref = new UnitRef(open.jobId(), open.unit());
      if (result.equals(open.expected())) {
        AuditStore.put(state, open.with(AuditStatus.PAID, result, open.deadline()));
        payReward(open);
        Reputation.update(state, open.provider(), ProviderStats::withAuditPassed);
        verified(ref);
        return;
      }
      // The tie-break is assigned at the end of this block, seeded like every other draw.
      AuditStore.put(state, open.with(AuditStatus.DISPUTED, result, height));
      AuditStore.schedule(state, height, open.jobId(), open.unit());
      events.add(
          new AuditDisputed(open.jobId(), open.unit(), open.auditor(), result, open.expected()));
    }

    void roundTwo(List<AuditRecord> records, AuditRecord open, Hash result) {
      UnitRef ref = new UnitRef(open.jobId(), open.unit());
      AuditRecord dispute = disputeOf(records, open.leaseId());
      if (result.equals(open.expected())) {
        AuditStore.put(state, dispute.with(AuditStatus.OVERRULED));
        Bank.addToVerificationPool(state, dispute.reserved());
        slash(dispute.auditor(), ref, SlashReason.WRONG_AUDIT);
        AuditStore.put(state, open.with(AuditStatus.PAID, result, open.deadline()));
        payReward(open);
        Reputation.update(state, open.provider(), ProviderStats::withAuditPassed);
        verified(ref);
      } else if (result.equals(dispute.verdict())) {
        AuditStore.put(state, open.with(AuditStatus.PAID, result, open.deadline()));
        payReward(open);
        AuditStore.put(state, dispute.with(AuditStatus.PAID));
        payReward(dispute);
        slash(open.provider(), ref, SlashReason.WRONG_RESULT);
        List<Integer> released =
            Market.releaseUnits(
                state, open.jobId(), open.provider(), CloseReason.SLASHED, height, params, events);
        for (int unit : released) {
          if (unit != open.unit()) {
            cancel(open.jobId(), unit, open.leaseId());
          }
        }
      } else {
        AuditStore.put(state, open.with(AuditStatus.INCONCLUSIVE, result, open.deadline()));
        Bank.addToVerificationPool(state, open.reserved());
        inconclusive(AuditStore.ofUnit(state, open.jobId(), open.unit()), ref);
      }
    }

    /**
     * Assigns an auditor for {@code round}, or says why none could be: no eligible provider, or a
     * verification pool that cannot cover the reward.
     */
    Optional<AuditSkipReason> assign(
        UnitRef ref, UnitState unit, Lease lease, int round, int attempt, Sampler.Draw draw) {
      Job job =
          Market.job(state, ref.jobId())
              .orElseThrow(() -> new IllegalStateException("unit of missing job " + ref));
      List<AuditRecord> records = AuditStore.ofUnit(state, ref.jobId(), ref.unit());
      Set<Address> used = new TreeSet<>();
      for (AuditRecord r : records) {
        if (r.leaseId().equals(lease.id())) {
          used.add(r.auditor());
        }
      }
      List<Provider> eligible = new ArrayList<>();
      for (Provider p : Staking.providers(state)) {
        if (p.status() == ProviderStatus.ACTIVE
            && !p.owner().equals(lease.provider())
            && !p.owner().equals(job.buyer())
            && !used.contains(p.owner())
            && Market.canRun(job, p)) {
          eligible.add(p);
        }
      }
      if (eligible.isEmpty()) {
        return Optional.of(AuditSkipReason.NO_ELIGIBLE_AUDITOR);
      }
      long reward = lease.price();
      if (Bank.verificationPool(state) < reward) {
        return Optional.of(AuditSkipReason.POOL_SHORT);
      }
      Address auditor = eligible.get(draw.pick(eligible.size())).owner();
      Bank.addToVerificationPool(state, -reward);
      long deadline = Math.addExact(height, audit().auditTimeoutBlocks());
      int seq = records.isEmpty() ? 0 : records.get(records.size() - 1).seq() + 1;
      AuditStore.put(
          state,
          new AuditRecord(
              ref.jobId(),
              ref.unit(),
              seq,
              lease.id(),
              lease.provider(),
              unit.outputHash(),
              round,
              attempt,
              auditor,
              AuditStatus.OPEN,
              null,
              reward,
              height,
              deadline));
      AuditStore.schedule(state, deadline, ref.jobId(), ref.unit());
      events.add(
          new AuditAssigned(
              ref.jobId(),
              ref.unit(),
              lease.id(),
              lease.provider(),
              auditor,
              round,
              deadline,
              reward));
      return Optional.empty();
    }

    /** Round two ended with no two results agreeing: the round-one dispute is dropped unpaid. */
    void inconclusive(List<AuditRecord> records, UnitRef ref) {
      AuditRecord dispute = disputeOf(records, records.get(records.size() - 1).leaseId());
      AuditStore.put(state, dispute.with(AuditStatus.INCONCLUSIVE));
      Bank.addToVerificationPool(state, dispute.reserved());
      events.add(new AuditInconclusive(ref.jobId(), ref.unit()));
      verified(ref);
    }

    /** The unit's audit ended without finding its provider wrong: pay it if its window is over. */
    void verified(UnitRef ref) {
      UnitState unit = requireHeld(ref);
      if (unit.status() == UnitStatus.AWAITING_AUDIT) {
        Market.finalizeUnit(state, ref, height, params, events);
      }
    }

    /** Ends the unresolved audits of a released unit, giving their rewards back to the pool. */
    void cancel(Hash jobId, int unit, Hash leaseId) {
      List<AuditRecord> records = AuditStore.ofUnit(state, jobId, unit);
      if (records.isEmpty()) {
        return;
      }
      AuditRecord latest = records.get(records.size() - 1);
      if (latest.leaseId().equals(leaseId) && latest.status().unresolved()) {
        AuditStore.unschedule(state, latest.deadline(), jobId, unit);
      }
      for (AuditRecord r : records) {
        if (r.leaseId().equals(leaseId) && r.status().unresolved()) {
          AuditStore.put(state, r.with(AuditStatus.CANCELLED));
          Bank.addToVerificationPool(state, r.reserved());
        }
      }
    }

    /**
     * Takes {@code slashFractionBps} of the offender's stake: {@code slashBuyerShareBps} of it to
     * the job's buyer, the rest burned. The offender's run of verified units starts over.
     */
    void slash(Address offender, UnitRef ref, SlashReason reason) {
      Job job =
          Market.job(state, ref.jobId())
              .orElseThrow(() -> new IllegalStateException("audit of missing job " + ref));
      long amount =
          Staking.slash(state, offender, audit().slashFractionBps(), params.minProviderStake());
      long toBuyer = share(amount, audit().slashBuyerShareBps());
      long burned = amount - toBuyer;
      if (toBuyer > 0) {
        Bank.release(state, job.buyer(), toBuyer);
      }
      if (burned > 0) {
        Bank.burn(state, burned);
      }
      Reputation.update(state, offender, s -> s.withAuditFailed().withSlash());
      events.add(new Slashed(offender, ref.jobId(), ref.unit(), amount, toBuyer, burned, reason));
    }

    void payReward(AuditRecord r) {
      Bank.release(state, r.auditor(), r.reserved());
      events.add(new AuditPassed(r.jobId(), r.unit(), r.auditor(), r.reserved()));
    }

    void skipped(UnitRef ref, AuditSkipReason reason) {
      events.add(new AuditSkipped(ref.jobId(), ref.unit(), reason));
    }

    boolean unresolvedAudit(UnitRef ref, Hash leaseId) {
      List<AuditRecord> records = AuditStore.ofUnit(state, ref.jobId(), ref.unit());
      if (records.isEmpty()) {
        return false;
      }
      AuditRecord latest = records.get(records.size() - 1);
      return latest.leaseId().equals(leaseId) && latest.status().unresolved();
    }

    UnitState requireHeld(UnitRef ref) {
      return Market.unit(state, ref.jobId(), ref.unit())
          .filter(u -> u.status().held())
          .orElseThrow(() -> new IllegalStateException(ref + " is not a held unit"));
    }

    Lease requireLease(Hash id) {
      return Market.lease(state, id)
          .orElseThrow(() -> new IllegalStateException("unit names missing lease " + id));
    }
  }

  /** The round-one dispute of the run of a unit held by {@code leaseId}. */
  private static AuditRecord disputeOf(List<AuditRecord> records, Hash leaseId) {
    for (int i = records.size() - 1; i >= 0; i--) {
      AuditRecord r = records.get(i);
      if (r.leaseId().equals(leaseId) && r.round() == 1 && r.status() == AuditStatus.DISPUTED) {
        return r;
      }
    }
    throw new IllegalStateException("round two without a round-one dispute");
  }

  /** {@code bps} basis points of {@code amount}, rounded down. */
  static long share(long amount, int bps) {
    return BigInteger.valueOf(amount)
        .multiply(BigInteger.valueOf(bps))
        .divide(BigInteger.valueOf(AuditParams.BPS))
        .longValueExact();
  }
}
