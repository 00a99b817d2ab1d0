package io.gridwork.chain.market;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.CloseReason;
import java.util.Objects;

/**
 * A provider's won share of a job at its bid price: for batch jobs the units it was assigned and
 * has reported, for services the rate charged per block and the height settled up to, with the
 * height at which the escrow runs out ({@code exhaustionHeight}, 0 for batch leases, before a
 * service's first heartbeat and while suspended). Holds the provider's bid collateral until it
 * closes; records what the escrow paid for it (provider share and network fee together), and when
 * and why it closed.
 *
 * <p>Billing: a service is charged only once it has shown it serves. {@code billingSince} is the
 * height of its first heartbeat, 0 before it (and always for batch leases); the blocks from the
 * lease's opening up to and including that height cost the buyer nothing.
 *
 * <p>Liveness: {@code lastHeartbeatHeight} is the last block with a heartbeat from the holder
 * (opening counts as one), {@code heartbeats} how many blocks carried one, and {@code
 * heartbeatDueHeight} the height at which the end-of-block sweep next looks at the lease, a grace
 * period after its last sign of life (a heartbeat or a unit result): its suspension while ACTIVE,
 * its timeout while SUSPENDED, 0 once closed. {@code slaStake} is the SLA compensation the lease
 * owes if it breaks its tier's promise, committed from the provider's stake while the lease is
 * open.
 */
public record Lease(
    Hash id,
    Hash jobId,
    Address provider,
    long price,
    String gpuModel,
    int gpuCount,
    long collateral,
    LeaseStatus status,
    CloseReason closeReason,
    long openedHeight,
    long closedHeight,
    int unitsAssigned,
    int unitsDone,
    long ratePerBlock,
    long lastSettledHeight,
    long exhaustionHeight,
    long lastHeartbeatHeight,
    long paid,
    long heartbeatDueHeight,
    long heartbeats,
    long slaStake,
    long billingSince) {
  public Lease {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(gpuModel, "gpuModel");
    Objects.requireNonNull(status, "status");
  }

  /**
   * True until the lease closes: a suspended lease still holds its units, GPUs, collateral and SLA
   * stake, and its holder may still act on it.
   */
  public boolean active() {
    return status != LeaseStatus.CLOSED;
  }

  /** True while the holder has been silent past the grace period and not yet timed out. */
  public boolean suspended() {
    return status == LeaseStatus.SUSPENDED;
  }

  /** True for a service lease, which is charged per block rather than per unit. */
  public boolean service() {
    return ratePerBlock > 0;
  }

  /**
   * True for a service lease that has sent its first heartbeat: from then on it is charged per
   * block while ACTIVE.
   */
  public boolean billing() {
    return service() && billingSince > 0;
  }

  Lease withUnits(int assigned, int done) {
    return new Lease(
        id,
        jobId,
        provider,
        price,
        gpuModel,
        gpuCount,
        collateral,
        status,
        closeReason,
        openedHeight,
        closedHeight,
        assigned,
        done,
        ratePerBlock,
        lastSettledHeight,
        exhaustionHeight,
        lastHeartbeatHeight,
        paid,
        heartbeatDueHeight,
        heartbeats,
        slaStake,
        billingSince);
  }

  Lease withPayment(long amount, long settledHeight) {
    return new Lease(
        id,
        jobId,
        provider,
        price,
        gpuModel,
        gpuCount,
        collateral,
        status,
        closeReason,
        openedHeight,
        closedHeight,
        unitsAssigned,
        unitsDone,
        ratePerBlock,
        settledHeight,
        exhaustionHeight,
        lastHeartbeatHeight,
        Math.addExact(paid, amount),
        heartbeatDueHeight,
        heartbeats,
        slaStake,
        billingSince);
  }

  Lease withExhaustionHeight(long height) {
    return new Lease(
        id,
        jobId,
        provider,
        price,
        gpuModel,
        gpuCount,
        collateral,
        status,
        closeReason,
        openedHeight,
        closedHeight,
        unitsAssigned,
        unitsDone,
        ratePerBlock,
        lastSettledHeight,
        height,
        lastHeartbeatHeight,
        paid,
        heartbeatDueHeight,
        heartbeats,
        slaStake,
        billingSince);
  }

  /**
   * Billing from {@code height}, the service's first heartbeat: settled up to here, so no block
   * before it is charged, and swept for exhaustion at {@code exhaustion}.
   */
  Lease billingFrom(long height, long exhaustion) {
    return new Lease(
        id,
        jobId,
        provider,
        price,
        gpuModel,
        gpuCount,
        collateral,
        status,
        closeReason,
        openedHeight,
        closedHeight,
        unitsAssigned,
        unitsDone,
        ratePerBlock,
        height,
        exhaustion,
        lastHeartbeatHeight,
        paid,
        heartbeatDueHeight,
        heartbeats,
        slaStake,
        height);
  }

  /**
   * A heartbeat at {@code height}, due again by {@code dueHeight}; a block counts once towards
   * {@code heartbeats} however many heartbeats it carries.
   */
  Lease withHeartbeat(long height, long dueHeight) {
    return new Lease(
        id,
        jobId,
        provider,
        price,
        gpuModel,
        gpuCount,
        collateral,
        status,
        closeReason,
        openedHeight,
        closedHeight,
        unitsAssigned,
        unitsDone,
        ratePerBlock,
        lastSettledHeight,
        exhaustionHeight,
        height,
        paid,
        dueHeight,
        height > lastHeartbeatHeight ? Math.addExact(heartbeats, 1) : heartbeats,
        slaStake,
        billingSince);
  }

  /** Another sign of life than a heartbeat: the lease is next due at {@code dueHeight}. */
  Lease dueAt(long dueHeight) {
    return new Lease(
        id,
        jobId,
        provider,
        price,
        gpuModel,
        gpuCount,
        collateral,
        status,
        closeReason,
        openedHeight,
        closedHeight,
        unitsAssigned,
        unitsDone,
        ratePerBlock,
        lastSettledHeight,
        exhaustionHeight,
        lastHeartbeatHeight,
        paid,
        dueHeight,
        heartbeats,
        slaStake,
        billingSince);
  }

  /** Suspended until {@code timeoutHeight}; a service is not charged and not swept meanwhile. */
  Lease suspended(long timeoutHeight) {
    return new Lease(
        id,
        jobId,
        provider,
        price,
        gpuModel,
        gpuCount,
        collateral,
        LeaseStatus.SUSPENDED,
        closeReason,
        openedHeight,
        closedHeight,
        unitsAssigned,
        unitsDone,
        ratePerBlock,
        lastSettledHeight,
        0,
        lastHeartbeatHeight,
        paid,
        timeoutHeight,
        heartbeats,
        slaStake,
        billingSince);
  }

  /**
   * Active again from {@code height}: a service counts as settled up to here, so the blocks it
   * spent suspended are never charged. The caller sets the new exhaustion and due heights.
   */
  Lease resumed(long height) {
    return new Lease(
        id,
        jobId,
        provider,
        price,
        gpuModel,
        gpuCount,
        collateral,
        LeaseStatus.ACTIVE,
        closeReason,
        openedHeight,
        closedHeight,
        unitsAssigned,
        unitsDone,
        ratePerBlock,
        service() ? height : lastSettledHeight,
        exhaustionHeight,
        lastHeartbeatHeight,
        paid,
        heartbeatDueHeight,
        heartbeats,
        slaStake,
        billingSince);
  }

  Lease closed(CloseReason reason, long height) {
    return new Lease(
        id,
        jobId,
        provider,
        price,
        gpuModel,
        gpuCount,
        collateral,
        LeaseStatus.CLOSED,
        reason,
        openedHeight,
        height,
        unitsAssigned,
        unitsDone,
        ratePerBlock,
        lastSettledHeight,
        0,
        lastHeartbeatHeight,
        paid,
        0,
        heartbeats,
        slaStake,
        billingSince);
  }
}
