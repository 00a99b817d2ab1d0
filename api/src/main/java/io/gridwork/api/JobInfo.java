package io.gridwork.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.CloseReason;
import io.gridwork.protocol.market.JobStatus;
import io.gridwork.protocol.spec.JobSpec;

/**
 * A job as the node shows it; amounts in ugrid. {@code closeReason} is null and {@code
 * closedHeight} 0 while the job runs; {@code biddingClosesAt} is 0 when it is not taking bids.
 * {@code units} is null for a service; {@code spec} (in the shape of its YAML form: amounts with
 * their unit, sizes like {@code 8Gi}) is null in lists and present when one job was asked for.
 */
@JsonPropertyOrder({
  "id",
  "buyer",
  "name",
  "kind",
  "status",
  "closeReason",
  "createdHeight",
  "closedHeight",
  "biddingClosesAt",
  "auctionRound",
  "deposited",
  "depositedText",
  "escrow",
  "escrowText",
  "activeLeases",
  "units",
  "spec"
})
public record JobInfo(
    Hash id,
    Address buyer,
    String name,
    String kind,
    JobStatus status,
    CloseReason closeReason,
    long createdHeight,
    @AbsentWhenZero long closedHeight,
    @AbsentWhenZero long biddingClosesAt,
    int auctionRound,
    long deposited,
    long escrow,
    int activeLeases,
    Units units,
    JobSpec spec) {

  @JsonProperty
  public String depositedText() {
    return Amount.format(deposited);
  }

  @JsonProperty
  public String escrowText() {
    return Amount.format(escrow);
  }

  /**
   * How many of a batch job's units wait for an auction, are being run, and are reported;
   * unreported units of a closed lease are pending again, so only active leases hold any.
   */
  public record Units(int total, int pending, int leased, int done) {}
}
