package io.gridwork.chain.market;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.CloseReason;
import io.gridwork.protocol.market.JobStatus;
import io.gridwork.protocol.spec.JobSpec;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A posted job as the ledger holds it: who pays, what was asked for, the escrow left, whether it is
 * taking bids (until the auction at {@code biddingClosesAt}, 0 when not bidding), how many auction
 * rounds in a row placed no work, the units reported, its active leases, and when and why it ended
 * ({@code closeReason} is null until then, as is a {@code closedHeight} of 0).
 */
public record Job(
    Hash id,
    Address buyer,
    JobSpec spec,
    long createdHeight,
    JobStatus status,
    CloseReason closeReason,
    long escrow,
    long deposited,
    long biddingClosesAt,
    int auctionRound,
    int unitsDone,
    int activeLeases,
    long closedHeight) {
  public Job {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(buyer, "buyer");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(status, "status");
  }

  public boolean isBatch() {
    return spec.isBatch();
  }

  /** The number of batch units, 0 for a service. */
  public int units() {
    return spec.isBatch() ? spec.units() : 0;
  }

  public boolean bidding() {
    return biddingClosesAt > 0;
  }

  /** The most a bid may ask: per unit for batch jobs, per GPU-hour for services. */
  public long priceCeiling() {
    return isBatch() ? spec.pricing().maxPricePerUnit() : spec.pricing().maxPricePerGpuHour();
  }

  Job withEscrow(long escrow) {
    return with(d -> d.escrow = escrow);
  }

  Job withDeposit(long amount) {
    return with(
        d -> {
          d.escrow = Math.addExact(d.escrow, amount);
          d.deposited = Math.addExact(d.deposited, amount);
        });
  }

  Job withBidding(long closesAt, int round) {
    return with(
        d -> {
          d.biddingClosesAt = closesAt;
          d.auctionRound = round;
        });
  }

  Job withLeases(int activeLeases) {
    return with(
        d -> {
          d.activeLeases = activeLeases;
          if (!status.finished()) {
            d.status = activeLeases > 0 ? JobStatus.ACTIVE : JobStatus.OPEN;
          }
        });
  }

  Job withUnitsDone(int unitsDone) {
    return with(d -> d.unitsDone = unitsDone);
  }

  Job finished(JobStatus status, CloseReason reason, long height) {
    return with(
        d -> {
          d.status = status;
          d.closeReason = reason;
          d.biddingClosesAt = 0;
          d.closedHeight = height;
        });
  }

  /** This job with {@code change} applied to a copy of what can change about it. */
  private Job with(Consumer<Draft> change) {
    Draft d = new Draft(this);
    change.accept(d);
    return new Job(
        id,
        buyer,
        spec,
        createdHeight,
        d.status,
        d.closeReason,
        d.escrow,
        d.deposited,
        d.biddingClosesAt,
        d.auctionRound,
        d.unitsDone,
        d.activeLeases,
        d.closedHeight);
  }

  /**
   * The fields of a job that change after it is posted, while one of them changes: each wither
   * names only its own fields instead of restating all of them.
   */
  private static final class Draft {
    JobStatus status;
    CloseReason closeReason;
    long escrow;
    long deposited;
    long biddingClosesAt;
    int auctionRound;
    int unitsDone;
    int activeLeases;
    long closedHeight;

    Draft(Job j) {
      status = j.status;
      closeReason = j.closeReason;
      escrow = j.escrow;
      deposited = j.deposited;
      biddingClosesAt = j.biddingClosesAt;
      auctionRound = j.auctionRound;
      unitsDone = j.unitsDone;
      activeLeases = j.activeLeases;
      closedHeight = j.closedHeight;
    }
  }
}
