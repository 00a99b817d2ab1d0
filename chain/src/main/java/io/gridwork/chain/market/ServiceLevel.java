package io.gridwork.chain.market;

import io.gridwork.chain.genesis.LivenessParams;
import io.gridwork.chain.genesis.Params;
import io.gridwork.chain.staking.Staking;
import io.gridwork.chain.state.State;
import io.gridwork.protocol.event.LedgerEvent;
import io.gridwork.protocol.event.SlaCompensated;
import io.gridwork.protocol.market.CloseReason;
import io.gridwork.protocol.spec.SlaTier;
import java.util.List;

/**
 * The SLA a standard or premium job is promised, kept with the provider's stake: each bid commits
 * the compensation its lease would owe, the lease carries that commitment while it is open, and
 * when it closes the commitment is released and, if the lease broke the promise, paid to the buyer
 * out of the provider's bonded stake.
 *
 * <p>A lease breaks its promise when it is closed for a heartbeat timeout or a slash, or when its
 * uptime falls below what its tier promises. Uptime is counted in heartbeats: blocks that carried a
 * heartbeat from the holder, against those {@link Liveness#expectedHeartbeats expected}: one per
 * interval less one interval of slack, so a lease shorter than two intervals promises nothing it
 * could break, and suspended blocks cost uptime. Extra heartbeats cannot push uptime above 100%.
 */
final class ServiceLevel {
  private ServiceLevel() {}

  /**
   * The compensation a lease of {@code gpuCount} GPUs on {@code job} would owe; 0 for best-effort.
   */
  static long stakeFor(Job job, int gpuCount, LivenessParams params) {
    return params.compensation(job.spec().sla(), gpuCount);
  }

  /**
   * Releases the SLA stake of the just-{@code closed} lease and pays the buyer its compensation if
   * the lease broke its promise.
   */
  static void settleOnClose(
      State state, Lease closed, Job job, Params params, List<LedgerEvent> events) {
    if (closed.slaStake() == 0) {
      return;
    }
    Staking.commitSla(state, closed.provider(), -closed.slaStake());
    SlaTier tier = job.spec().sla();
    if (!brokePromise(closed, tier, params.liveness())) {
      return;
    }
    long paid =
        Staking.payFromStake(
            state, closed.provider(), job.buyer(), closed.slaStake(), params.minProviderStake());
    events.add(
        new SlaCompensated(
            closed.id(), closed.jobId(), closed.provider(), job.buyer(), tier, paid));
  }

  static boolean brokePromise(Lease closed, SlaTier tier, LivenessParams params) {
    if (closed.closeReason() == CloseReason.HEARTBEAT_TIMEOUT
        || closed.closeReason() == CloseReason.SLASHED) {
      return true;
    }
    long expected = Liveness.expectedHeartbeats(closed, params);
    // heartbeats / expected < promise / 10,000, kept in integers; both sides stay far from overflow
    // because heartbeats count blocks and the promise is at most 10,000.
    return expected > 0
        && Math.multiplyExact(closed.heartbeats(), 10_000L)
            < Math.multiplyExact(expected, (long) params.uptimeBps(tier));
  }
}
