package io.gridwork.client;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;

/**
 * A provider's won share of a job; amounts in ugrid. {@code kind} is batch or service, {@code
 * status} ACTIVE or CLOSED; {@code closeReason} is null and {@code closedHeight} 0 while it runs,
 * {@code exhaustionHeight} 0 for batch leases.
 */
public record LeaseInfo(
    Hash id,
    Hash jobId,
    Address provider,
    String kind,
    String status,
    String closeReason,
    long price,
    String gpuModel,
    int gpuCount,
    long collateral,
    long openedHeight,
    long closedHeight,
    int unitsAssigned,
    int unitsDone,
    long ratePerBlock,
    long lastSettledHeight,
    long exhaustionHeight,
    long lastHeartbeatHeight,
    long paid) {

  public boolean active() {
    return "ACTIVE".equals(status);
  }
}
