package io.gridwork.chain.market;

import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;

/**
 * One batch unit that has been assigned: the lease holding it, where it is in its life and, once
 * reported, its output hash and the height it was reported at (null and 0 before). Units without a
 * record are waiting for an auction. {@code checkpoint} is the latest progress saved for the unit
 * by any lease (null when none): it is stored apart from the assignment because it must outlive a
 * lease that gives the unit up.
 */
public record UnitState(
    int unit,
    Hash leaseId,
    Hash outputHash,
    UnitStatus status,
    long reportedHeight,
    UnitCheckpoint checkpoint) {
  public UnitState {
    Objects.requireNonNull(leaseId, "leaseId");
    Objects.requireNonNull(status, "status");
    if ((outputHash == null) != (status == UnitStatus.ASSIGNED)) {
      throw new IllegalArgumentException("a unit has an output hash exactly once reported");
    }
  }

  /** An assignment as stored, before its checkpoint is looked up. */
  public UnitState(
      int unit, Hash leaseId, Hash outputHash, UnitStatus status, long reportedHeight) {
    this(unit, leaseId, outputHash, status, reportedHeight, null);
  }

  static UnitState assigned(int unit, Hash leaseId) {
    return new UnitState(unit, leaseId, null, UnitStatus.ASSIGNED, 0);
  }

  public boolean reported() {
    return status != UnitStatus.ASSIGNED;
  }

  UnitState withStatus(UnitStatus next) {
    return new UnitState(unit, leaseId, outputHash, next, reportedHeight, checkpoint);
  }

  UnitState withCheckpoint(UnitCheckpoint checkpoint) {
    return new UnitState(unit, leaseId, outputHash, status, reportedHeight, checkpoint);
  }
}
