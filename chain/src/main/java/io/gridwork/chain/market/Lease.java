package io.gridwork.chain.market;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;

/**
 * A provider's won share of a job at its bid price: for batch jobs the units it was assigned and
 * has reported, for services the rate charged per block and the height settled up to, with the
 * height at which the escrow runs out ({@code exhaustionHeight}, 0 for batch leases). Holds the
 * provider's bid collateral until it closes; records the last heartbeat, what the escrow paid for
 * it (provider share and network fee together), and when and why it closed.
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
    long paid) {
  public Lease {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(gpuModel, "gpuModel");
    Objects.requireNonNull(status, "status");
  }

  public boolean active() {
    return status == LeaseStatus.ACTIVE;
  }

  /** True for a service lease, which is charged per block rather than per unit. */
  public boolean service() {
    return ratePerBlock > 0;
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
        paid);
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
        Math.addExact(paid, amount));
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
        paid);
  }

  Lease withHeartbeat(long height) {
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
        paid);
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
        paid);
  }
}
