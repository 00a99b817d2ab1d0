package io.gridwork.chain.market;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.CloseReason;
import io.gridwork.protocol.market.LeaseStatus;
import java.util.Objects;

/**
 * A provider's won share of a job at its bid price, kept as the parts that change together: the
 * {@link Terms} fixed when the auction opened it, its {@link Progress} (status, units reported,
 * closing), its {@link Payments} and its {@link Pulse} of heartbeats. Holds the provider's bid
 * collateral until it closes.
 *
 * <p>Billing: a service is charged only once it has shown it serves. {@code billingSince} is the
 * height of its first heartbeat, 0 before it (and always for batch leases); the blocks from the
 * lease's opening up to and including that height cost the buyer nothing. {@code exhaustionHeight}
 * is the height at which the escrow runs out: 0 for batch leases, before a service's first
 * heartbeat and while suspended.
 *
 * <p>Liveness: {@code lastHeartbeatHeight} is the last block with a heartbeat from the holder
 * (opening counts as one), {@code heartbeats} how many blocks carried one, and {@code
 * heartbeatDueHeight} the height at which the end-of-block sweep next looks at the lease, a grace
 * period after its last sign of life (a heartbeat or a unit result): its suspension while ACTIVE,
 * its timeout while SUSPENDED, 0 once closed. {@code slaStake} is the SLA compensation the lease
 * owes if it breaks its tier's promise, committed from the provider's stake while the lease is
 * open.
 */
public record Lease(Hash id, Terms terms, Progress progress, Payments payments, Pulse pulse) {
  public Lease {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(terms, "terms");
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(payments, "payments");
    Objects.requireNonNull(pulse, "pulse");
  }

  /**
   * What the auction settled and nothing changes afterwards: who runs what for whom at which price,
   * the collateral and SLA stake it holds, the service's rate per block (0 for batch leases), when
   * it opened and how many units it was given.
   */
  public record Terms(
      Hash jobId,
      Address provider,
      long price,
      String gpuModel,
      int gpuCount,
      long collateral,
      long ratePerBlock,
      long slaStake,
      long openedHeight,
      int unitsAssigned) {
    public Terms {
      Objects.requireNonNull(jobId, "jobId");
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(gpuModel, "gpuModel");
    }
  }

  /** Where the lease stands: its status, the units it reported, and when and why it closed. */
  public record Progress(
      LeaseStatus status, CloseReason closeReason, long closedHeight, int unitsDone) {
    public Progress {
      Objects.requireNonNull(status, "status");
    }

    static Progress active() {
      return new Progress(LeaseStatus.ACTIVE, null, 0, 0);
    }

    Progress withStatus(LeaseStatus next) {
      return new Progress(next, closeReason, closedHeight, unitsDone);
    }
  }

  /**
   * What the escrow paid for the lease (provider share and network fee together), the height it is
   * settled up to, when it runs out and when billing a service began.
   */
  public record Payments(
      long lastSettledHeight, long exhaustionHeight, long paid, long billingSince) {
    Payments withExhaustionHeight(long height) {
      return new Payments(lastSettledHeight, height, paid, billingSince);
    }

    Payments settledAt(long height) {
      return new Payments(height, exhaustionHeight, paid, billingSince);
    }
  }

  /**
   * The holder's signs of life: the last heartbeat, when the next is due, how many blocks had one.
   */
  public record Pulse(long lastHeartbeatHeight, long heartbeatDueHeight, long heartbeats) {
    Pulse dueAt(long dueHeight) {
      return new Pulse(lastHeartbeatHeight, dueHeight, heartbeats);
    }
  }

  /**
   * True until the lease closes: a suspended lease still holds its units, GPUs, collateral and SLA
   * stake, and its holder may still act on it.
   */
  public boolean active() {
    return progress.status() != LeaseStatus.CLOSED;
  }

  /** True while the holder has been silent past the grace period and not yet timed out. */
  public boolean suspended() {
    return progress.status() == LeaseStatus.SUSPENDED;
  }

  /** True for a service lease, which is charged per block rather than per unit. */
  public boolean service() {
    return terms.ratePerBlock() > 0;
  }

  /**
   * True for a service lease that has sent its first heartbeat: from then on it is charged per
   * block while ACTIVE.
   */
  public boolean billing() {
    return service() && payments.billingSince() > 0;
  }

  public Hash jobId() {
    return terms.jobId();
  }

  public Address provider() {
    return terms.provider();
  }

  public long price() {
    return terms.price();
  }

  public String gpuModel() {
    return terms.gpuModel();
  }

  public int gpuCount() {
    return terms.gpuCount();
  }

  public long collateral() {
    return terms.collateral();
  }

  public long ratePerBlock() {
    return terms.ratePerBlock();
  }

  public long slaStake() {
    return terms.slaStake();
  }

  public long openedHeight() {
    return terms.openedHeight();
  }

  public int unitsAssigned() {
    return terms.unitsAssigned();
  }

  public LeaseStatus status() {
    return progress.status();
  }

  public CloseReason closeReason() {
    return progress.closeReason();
  }

  public long closedHeight() {
    return progress.closedHeight();
  }

  public int unitsDone() {
    return progress.unitsDone();
  }

  public long lastSettledHeight() {
    return payments.lastSettledHeight();
  }

  public long exhaustionHeight() {
    return payments.exhaustionHeight();
  }

  public long paid() {
    return payments.paid();
  }

  public long billingSince() {
    return payments.billingSince();
  }

  public long lastHeartbeatHeight() {
    return pulse.lastHeartbeatHeight();
  }

  public long heartbeatDueHeight() {
    return pulse.heartbeatDueHeight();
  }

  public long heartbeats() {
    return pulse.heartbeats();
  }

  private Lease with(Progress next) {
    return new Lease(id, terms, next, payments, pulse);
  }

  private Lease with(Payments next) {
    return new Lease(id, terms, progress, next, pulse);
  }

  private Lease with(Pulse next) {
    return new Lease(id, terms, progress, payments, next);
  }

  /** One more of its units reported. */
  Lease withUnitDone() {
    return with(
        new Progress(
            progress.status(),
            progress.closeReason(),
            progress.closedHeight(),
            Math.addExact(progress.unitsDone(), 1)));
  }

  /** {@code amount} more paid, settled up to {@code settledHeight}. */
  Lease withPayment(long amount, long settledHeight) {
    return with(
        new Payments(
            settledHeight,
            payments.exhaustionHeight(),
            Math.addExact(payments.paid(), amount),
            payments.billingSince()));
  }

  Lease withExhaustionHeight(long height) {
    return with(payments.withExhaustionHeight(height));
  }

  /**
   * Billing from {@code height}, the service's first heartbeat: settled up to here, so no block
   * before it is charged, and swept for exhaustion at {@code exhaustion}.
   */
  Lease billingFrom(long height, long exhaustion) {
    return with(new Payments(height, exhaustion, payments.paid(), height));
  }

  /**
   * A heartbeat at {@code height}, due again by {@code dueHeight}; a block counts once towards
   * {@code heartbeats} however many heartbeats it carries.
   */
  Lease withHeartbeat(long height, long dueHeight) {
    long count = pulse.heartbeats();
    return with(
        new Pulse(
            height,
            dueHeight,
            height > pulse.lastHeartbeatHeight() ? Math.addExact(count, 1) : count));
  }

  /** Another sign of life than a heartbeat: the lease is next due at {@code dueHeight}. */
  Lease dueAt(long dueHeight) {
    return with(pulse.dueAt(dueHeight));
  }

  /** Suspended until {@code timeoutHeight}; a service is not charged and not swept meanwhile. */
  Lease suspended(long timeoutHeight) {
    return new Lease(
        id,
        terms,
        progress.withStatus(LeaseStatus.SUSPENDED),
        payments.withExhaustionHeight(0),
        pulse.dueAt(timeoutHeight));
  }

  /**
   * Active again from {@code height}: a service counts as settled up to here, so the blocks it
   * spent suspended are never charged. The caller sets the new exhaustion and due heights.
   */
  Lease resumed(long height) {
    return new Lease(
        id,
        terms,
        progress.withStatus(LeaseStatus.ACTIVE),
        service() ? payments.settledAt(height) : payments,
        pulse);
  }

  Lease closed(CloseReason reason, long height) {
    return new Lease(
        id,
        terms,
        new Progress(LeaseStatus.CLOSED, reason, height, progress.unitsDone()),
        payments.withExhaustionHeight(0),
        pulse.dueAt(0));
  }
}
