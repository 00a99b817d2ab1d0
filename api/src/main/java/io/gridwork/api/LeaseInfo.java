package io.gridwork.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.CloseReason;
import io.gridwork.protocol.market.LeaseStatus;

/**
 * A provider's won share of a job; amounts in ugrid. {@code kind} is batch or service, {@code
 * status} ACTIVE, SUSPENDED (silent past the heartbeat grace period, not charged) or CLOSED; {@code
 * closeReason} is null and {@code closedHeight} 0 while it runs. A service is charged from its
 * first heartbeat, at height {@code billingSince} (0 before it, and for batch leases); {@code
 * exhaustionHeight}, when its escrow runs out at the lease rate, is 0 while it is not charged.
 * {@code heartbeats} counts the blocks with a sign of life from the holder, {@code
 * heartbeatDueHeight} is when the ledger next checks for silence (0 once closed), {@code slaStake}
 * the SLA compensation committed from the provider's stake while it is open.
 */
@JsonPropertyOrder({
  "id",
  "jobId",
  "provider",
  "kind",
  "status",
  "closeReason",
  "price",
  "priceText",
  "gpuModel",
  "gpuCount",
  "collateral",
  "collateralText",
  "openedHeight",
  "closedHeight",
  "unitsAssigned",
  "unitsDone",
  "ratePerBlock",
  "ratePerBlockText",
  "lastSettledHeight",
  "exhaustionHeight",
  "billingSince",
  "lastHeartbeatHeight",
  "paid",
  "paidText",
  "heartbeats",
  "heartbeatDueHeight",
  "slaStake",
  "slaStakeText"
})
public record LeaseInfo(
    Hash id,
    Hash jobId,
    Address provider,
    String kind,
    LeaseStatus status,
    CloseReason closeReason,
    long price,
    String gpuModel,
    int gpuCount,
    long collateral,
    long openedHeight,
    @AbsentWhenZero long closedHeight,
    int unitsAssigned,
    int unitsDone,
    long ratePerBlock,
    long lastSettledHeight,
    @AbsentWhenZero long exhaustionHeight,
    long lastHeartbeatHeight,
    long paid,
    long heartbeats,
    @AbsentWhenZero long heartbeatDueHeight,
    long slaStake,
    @AbsentWhenZero long billingSince) {

  @JsonProperty
  public String priceText() {
    return Amount.format(price);
  }

  @JsonProperty
  public String collateralText() {
    return Amount.format(collateral);
  }

  @JsonProperty
  public String ratePerBlockText() {
    return Amount.format(ratePerBlock);
  }

  @JsonProperty
  public String paidText() {
    return Amount.format(paid);
  }

  @JsonProperty
  public String slaStakeText() {
    return Amount.format(slaStake);
  }

  public boolean active() {
    return status == LeaseStatus.ACTIVE;
  }

  public boolean suspended() {
    return status == LeaseStatus.SUSPENDED;
  }

  /** True until the lease closes: a suspended lease is still its holder's to run and resume. */
  public boolean open() {
    return active() || suspended();
  }
}
