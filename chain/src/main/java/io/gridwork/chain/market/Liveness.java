package io.gridwork.chain.market;

import io.gridwork.chain.genesis.LivenessParams;
import io.gridwork.chain.genesis.Params;
import io.gridwork.chain.reputation.ProviderStats;
import io.gridwork.chain.reputation.Reputation;
import io.gridwork.chain.state.Keys;
import io.gridwork.chain.state.State;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.event.BillingStarted;
import io.gridwork.protocol.event.LeaseResumed;
import io.gridwork.protocol.event.LeaseSuspended;
import io.gridwork.protocol.event.LedgerEvent;
import io.gridwork.protocol.market.CloseReason;
import java.util.List;

/**
 * Decides from heartbeats whether a lease holder is still there, so that a vanished provider's work
 * goes back to auction while a glitch does not end a lease.
 *
 * <p>Every open lease has an entry in the heartbeat index at the height it is next due. An ACTIVE
 * lease is due {@code heartbeatGraceBlocks} after its last sign of life (its opening, a heartbeat
 * or a unit result); if that height's block ends with no newer sign, the lease is SUSPENDED: a
 * billing service is charged up to that block and then no more, and the lease is due again {@code
 * heartbeatTimeoutBlocks} after its last sign. A sign of life from the holder resumes it (a service
 * is charged again from the block after); reaching the timeout closes it with HEARTBEAT_TIMEOUT,
 * its unreported units go back to auction and its SLA compensation, if any, is paid. The
 * end-of-block sweep reads only the entries due, so its work is proportional to what is due.
 *
 * <p>A service's first heartbeat also starts its billing: the agent heartbeats a service only while
 * it serves, so one that never comes up costs its buyer nothing, yet still breaks its liveness
 * promise (suspended, timed out, SLA compensation paid) like any silent lease.
 *
 * <p>Uptime is counted in heartbeats only: a block carrying one counts once, on the lease ({@code
 * heartbeats}, for its SLA) and in the provider's reputation (heartbeats received). When a lease
 * closes, the heartbeats it should have sent are added to the provider's heartbeats expected.
 */
final class Liveness {
  private Liveness() {}

  /**
   * Records a heartbeat from the holder of the open {@code lease} at {@code height}: it wakes the
   * lease (see {@link #workReported}), a service's first heartbeat starts its billing, and the
   * first heartbeat of a block counts towards the lease's uptime and the provider's heartbeats
   * received. Returns the stored lease.
   */
  static Lease heartbeat(
      State state, Lease lease, long height, Params params, List<LedgerEvent> e) {
    Lease awake = wake(state, lease, height, params, e);
    Lease billed =
        awake.service() && !awake.billing() ? startBilling(state, awake, height, e) : awake;
    Lease alive = billed.withHeartbeat(height, dueAfterGrace(height, params));
    MarketStore.putLease(state, billed, alive);
    if (alive.heartbeats() > billed.heartbeats()) {
      Reputation.update(state, lease.provider(), ProviderStats::withHeartbeatReceived);
    }
    return alive;
  }

  /**
   * Records a unit result from the holder of the open {@code lease} at {@code height} as a sign of
   * life: a suspended lease resumes, a running service is settled up to here, and the lease is due
   * again a grace period from now. Only heartbeats count towards uptime. Returns the stored lease.
   */
  static Lease workReported(
      State state, Lease lease, long height, Params params, List<LedgerEvent> e) {
    Lease awake = wake(state, lease, height, params, e);
    Lease alive = awake.dueAt(dueAfterGrace(height, params));
    MarketStore.putLease(state, awake, alive);
    return alive;
  }

  /**
   * Counts the heartbeats the just-{@code closed} lease should have sent towards its provider's
   * uptime; the ones it did send were counted as they came.
   */
  static void countExpected(State state, Lease closed, LivenessParams params) {
    long expected = expectedHeartbeats(closed, params);
    if (expected > 0) {
      Reputation.update(state, closed.provider(), s -> s.withHeartbeatsExpected(expected));
    }
  }

  /**
   * The heartbeats a lease should have sent while open: one per interval of the blocks from its
   * opening to its closing, suspended blocks included (so a silence costs uptime), rounded down,
   * less one interval of slack. The slack is what keeps an honest holder whole: it learns of a
   * block only after it is committed, so its heartbeat for an interval lands a block or two late,
   * and the one for the interval a lease closes in may not land at all. Without it a holder
   * heartbeating exactly on time would count 7 of 8 expected on a 40-block lease and break a 95%
   * promise. A lease shorter than two intervals therefore expects none.
   */
  static long expectedHeartbeats(Lease closed, LivenessParams params) {
    long intervals =
        (closed.closedHeight() - closed.openedHeight()) / params.heartbeatIntervalBlocks();
    return Math.max(0, intervals - 1);
  }

  /**
   * Suspends every ACTIVE lease whose grace period ended at {@code height} and closes every
   * SUSPENDED lease whose timeout is {@code height}.
   */
  static void endBlock(State state, long height, Params params, List<LedgerEvent> events) {
    for (Hash leaseId : MarketStore.dueUpTo(state, Keys.HEARTBEATS_DUE, height)) {
      Lease lease =
          MarketStore.lease(state, leaseId)
              .orElseThrow(() -> new IllegalStateException("heartbeat index names " + leaseId));
      switch (lease.status()) {
        case ACTIVE -> suspend(state, lease, height, params, events);
        case SUSPENDED ->
            Settlement.giveUpLease(
                state, lease, CloseReason.HEARTBEAT_TIMEOUT, height, params, events);
        case CLOSED ->
            throw new IllegalStateException("heartbeat index names closed lease " + leaseId);
      }
    }
  }

  /** A suspended lease resumes, a running service is settled up to {@code height}. */
  private static Lease wake(
      State state, Lease lease, long height, Params params, List<LedgerEvent> e) {
    if (!lease.suspended()) {
      return Settlement.settle(state, lease, height, params, e);
    }
    Lease running = lease.resumed(height);
    if (running.billing()) {
      Job job = MarketStore.requireJob(state, lease.jobId());
      running =
          running.withExhaustionHeight(
              Prices.exhaustionHeight(height, job.escrow(), running.ratePerBlock()));
    }
    MarketStore.putLease(state, lease, running);
    e.add(new LeaseResumed(lease.id(), lease.jobId(), lease.provider()));
    return running;
  }

  /**
   * Starts charging the service {@code lease} from {@code height}, its first heartbeat, and
   * schedules its exhaustion sweep from the escrow as it stands.
   */
  private static Lease startBilling(State state, Lease lease, long height, List<LedgerEvent> e) {
    Job job = MarketStore.requireJob(state, lease.jobId());
    long exhaustion = Prices.exhaustionHeight(height, job.escrow(), lease.ratePerBlock());
    Lease billing = lease.billingFrom(height, exhaustion);
    MarketStore.putLease(state, lease, billing);
    e.add(
        new BillingStarted(
            lease.id(), lease.jobId(), lease.provider(), lease.ratePerBlock(), exhaustion));
    return billing;
  }

  private static void suspend(
      State state, Lease lease, long height, Params params, List<LedgerEvent> events) {
    Lease settled = Settlement.settle(state, lease, height, params, events);
    LivenessParams liveness = params.liveness();
    // Suspended a grace period after the last sign of life, closed a timeout after it.
    long timeout =
        Math.addExact(height, liveness.heartbeatTimeoutBlocks() - liveness.heartbeatGraceBlocks());
    MarketStore.putLease(state, settled, settled.suspended(timeout));
    events.add(
        new LeaseSuspended(
            lease.id(), lease.jobId(), lease.provider(), lease.lastHeartbeatHeight()));
  }

  private static long dueAfterGrace(long height, Params params) {
    return Math.addExact(height, params.liveness().heartbeatGraceBlocks());
  }
}
