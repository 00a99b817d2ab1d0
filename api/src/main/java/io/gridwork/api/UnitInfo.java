package io.gridwork.api;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import java.util.List;

/**
 * One batch unit. {@code state} is the coarse view: waiting for an auction, being run under a
 * lease, or reported with its output; {@code status} is where the ledger has it, including whether
 * its payment is still held. {@code leaseId}, {@code provider} and {@code leasedAtHeight} (when its
 * lease opened) are null or 0 while pending; {@code outputHash} is null and {@code reportedHeight}
 * 0 until reported; {@code finalAt} is the height the challenge window of a REPORTED unit ends (0
 * otherwise); {@code checkpoint} is null until a lease saved the unit's progress, and stays while
 * the unit waits for its next lease; {@code audits} are its audit assignments, oldest first.
 */
public record UnitInfo(
    int unit,
    State state,
    Status status,
    Hash leaseId,
    Address provider,
    @AbsentWhenZero long leasedAtHeight,
    Hash outputHash,
    @AbsentWhenZero long reportedHeight,
    @AbsentWhenZero long finalAt,
    Checkpoint checkpoint,
    List<AuditInfo> audits) {
  public UnitInfo {
    audits = List.copyOf(audits);
  }

  /** A unit's progress. */
  public enum State {
    PENDING,
    LEASED,
    DONE
  }

  /** Where the ledger has the unit. */
  public enum Status {
    /** Waiting for an auction: never assigned, or released by a lease that ended unfinished. */
    PENDING,
    /** A lease holds it and has not reported it. */
    ASSIGNED,
    /** Reported; the payment is held until the challenge window ends. */
    REPORTED,
    /** The window ended with an audit still open; paid when it resolves. */
    AWAITING_AUDIT,
    /** Paid. */
    FINAL
  }

  /**
   * The latest saved progress of a unit: the blob holding its packed checkpoint directory, the
   * height it was recorded at and the provider that saved it.
   */
  public record Checkpoint(Hash hash, long height, Address provider) {}
}
