package io.gridwork.chain.market;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.CloseReason;
import io.gridwork.protocol.spec.JobSpec;
import java.util.Objects;

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
    return new Job(
        id,
        buyer,
        spec,
        createdHeight,
        status,
        closeReason,
        escrow,
        deposited,
        biddingClosesAt,
        auctionRound,
        unitsDone,
        activeLeases,
        closedHeight);
  }

  Job withDeposit(long amount) {
    return new Job(
        id,
        buyer,
        spec,
        createdHeight,
        status,
        closeReason,
        Math.addExact(escrow, amount),
        Math.addExact(deposited, amount),
        biddingClosesAt,
        auctionRound,
        unitsDone,
        activeLeases,
        closedHeight);
  }

  Job withBidding(long closesAt, int round) {
    return new Job(
        id,
        buyer,
        spec,
        createdHeight,
        status,
        closeReason,
        escrow,
        deposited,
        closesAt,
        round,
        unitsDone,
        activeLeases,
        closedHeight);
  }

  Job withLeases(int activeLeases) {
    JobStatus next =
        status.finished() ? status : activeLeases > 0 ? JobStatus.ACTIVE : JobStatus.OPEN;
    return new Job(
        id,
        buyer,
        spec,
        createdHeight,
        next,
        closeReason,
        escrow,
        deposited,
        biddingClosesAt,
        auctionRound,
        unitsDone,
        activeLeases,
        closedHeight);
  }

  Job withUnitsDone(int unitsDone) {
    return new Job(
        id,
        buyer,
        spec,
        createdHeight,
        status,
        closeReason,
        escrow,
        deposited,
        biddingClosesAt,
        auctionRound,
        unitsDone,
        activeLeases,
        closedHeight);
  }

  Job finished(JobStatus status, CloseReason reason, long height) {
    return new Job(
        id,
        buyer,
        spec,
        createdHeight,
        status,
        reason,
        escrow,
        deposited,
        0,
        auctionRound,
        unitsDone,
        activeLeases,
        height);
  }
}
