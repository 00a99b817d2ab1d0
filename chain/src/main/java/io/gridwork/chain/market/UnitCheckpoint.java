package io.gridwork.chain.market;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;

/**
 * The latest saved progress of a batch unit: the blob holding the packed checkpoint directory, the
 * height it was recorded at and the provider whose lease saved it. It outlives the lease that saved
 * it, so whoever runs the unit next can resume from it.
 */
public record UnitCheckpoint(Hash checkpoint, long height, Address provider) {
  public UnitCheckpoint {
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(provider, "provider");
  }
}
