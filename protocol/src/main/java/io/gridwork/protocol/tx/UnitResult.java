package io.gridwork.protocol.tx;

import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;

/**
 * The lease holder reports batch unit {@code unit} finished with output {@code outputHash}; the
 * escrow pays the lease price for it.
 */
public record UnitResult(Hash leaseId, int unit, Hash outputHash) implements TxBody {
  public UnitResult {
    Objects.requireNonNull(leaseId, "leaseId");
    Objects.requireNonNull(outputHash, "outputHash");
  }

  @Override
  public TxKind kind() {
    return TxKind.UNIT_RESULT;
  }
}
