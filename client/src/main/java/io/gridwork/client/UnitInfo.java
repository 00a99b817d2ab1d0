package io.gridwork.client;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;

/**
 * One batch unit: waiting for an auction, being run under a lease, or reported with its output.
 * {@code leaseId}, {@code provider} and {@code leasedAtHeight} (when its lease opened) are null or
 * 0 while pending; {@code outputHash} is null until done.
 */
public record UnitInfo(
    int unit, State state, Hash leaseId, Address provider, long leasedAtHeight, Hash outputHash) {

  /** A unit's progress. */
  public enum State {
    PENDING,
    LEASED,
    DONE
  }
}
