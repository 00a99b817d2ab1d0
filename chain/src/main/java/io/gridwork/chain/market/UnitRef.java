package io.gridwork.chain.market;

import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;

/** Names one batch unit of one job. */
public record UnitRef(Hash jobId, int unit) {
  public UnitRef {
    Objects.requireNonNull(jobId, "jobId");
  }
}
