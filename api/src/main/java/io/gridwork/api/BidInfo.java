package io.gridwork.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.Hash;

/** A provider's bid in a job's current auction round; price and collateral in ugrid. */
@JsonPropertyOrder({
  "jobId",
  "provider",
  "price",
  "priceText",
  "gpuModel",
  "gpuCount",
  "maxUnits",
  "collateral",
  "collateralText",
  "placedHeight"
})
public record BidInfo(
    Hash jobId,
    Address provider,
    long price,
    String gpuModel,
    int gpuCount,
    int maxUnits,
    long collateral,
    long placedHeight) {

  @JsonProperty
  public String priceText() {
    return Amount.format(price);
  }

  @JsonProperty
  public String collateralText() {
    return Amount.format(collateral);
  }
}
