package io.gridwork.chain.market;

import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;

/**
 * One batch unit that has been assigned: the lease holding it and, once reported, its output hash
 * (null before). Units without a record are waiting for an auction. {@code checkpoint} is the
 * latest progress saved for the unit by any lease (null when none): it is stored apart from the
 * assignment because it must outlive a lease that gives the unit up.
 */
public record UnitState(int unit, Hash leaseId, Hash outputHash, UnitCheckpoint checkpoint) {
  public UnitState {
    Objects.requireNonNull(leaseId, "leaseId");
  }

  /** An assignment as stored, before its checkpoint is looked up. */
  public UnitState(int unit, Hash leaseId, Hash outputHash) {
    this(unit, leaseId, outputHash, null);
  }

  public boolean reported() {
    return outputHash != null;
  }

  UnitState withCheckpoint(UnitCheckpoint checkpoint) {
    return new UnitState(unit, leaseId, outputHash, checkpoint);
  }
}
