package io.gridwork.chain.market;

import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;

/**
 * One batch unit that has been assigned: the lease holding it and, once reported, its output hash
 * (null before). Units without a record are waiting for an auction.
 */
public record UnitState(int unit, Hash leaseId, Hash outputHash) {
  public UnitState {
    Objects.requireNonNull(leaseId, "leaseId");
  }

  public boolean reported() {
    return outputHash != null;
  }
}
