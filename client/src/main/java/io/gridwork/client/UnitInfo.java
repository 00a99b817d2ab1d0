package io.gridwork.client;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;

/**
 * One batch unit: waiting for an auction, being run under a lease, or reported with its output.
 * {@code leaseId}, {@code provider} and {@code leasedAtHeight} (when its lease opened) are null or
 * 0 while pending; {@code outputHash} is null until done; {@code checkpoint} is null until a lease
 * saved the unit's progress, and stays while the unit waits for its next lease.
 */
public record UnitInfo(
    int unit,
    State state,
    Hash leaseId,
    Address provider,
    long leasedAtHeight,
    Hash outputHash,
    Checkpoint checkpoint) {

  /** A unit's progress. */
  public enum State {
    PENDING,
    LEASED,
    DONE
  }

  /**
   * The latest saved progress of a unit: the blob holding its packed checkpoint directory, the
   * height it was recorded at and the provider that saved it.
   */
  public record Checkpoint(Hash hash, long height, Address provider) {}
}
