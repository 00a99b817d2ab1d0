package io.gridwork.protocol.tx;

import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;

/**
 * A provider's offer for an open job: {@code price} in ugrid per unit (batch) or per GPU-hour
 * (service), the GPU model and count it would use, and for batch jobs the most units it takes
 * ({@code maxUnits}; 0 for services). Locks the ledger's bid collateral from the provider.
 */
public record PlaceBid(Hash jobId, long price, String gpuModel, int gpuCount, int maxUnits)
    implements TxBody {
  public PlaceBid {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(gpuModel, "gpuModel");
  }

  @Override
  public TxKind kind() {
    return TxKind.PLACE_BID;
  }
}
