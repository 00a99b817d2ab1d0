package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;
import java.util.SortedMap;

/** A provider bid on a job, locking {@code collateral} and committing {@code slaStake}. */
public record BidPlaced(
    Hash jobId,
    Address provider,
    long price,
    String gpuModel,
    int gpuCount,
    int maxUnits,
    long collateral,
    long slaStake)
    implements LedgerEvent {
  public static final String TYPE = "bid_placed";

  public BidPlaced {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(gpuModel, "gpuModel");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public SortedMap<String, String> attributes() {
    return new AttributeWriter()
        .hash("job", jobId)
        .address("provider", provider)
        .number("price", price)
        .text("gpuModel", gpuModel)
        .number("gpuCount", gpuCount)
        .number("maxUnits", maxUnits)
        .number("collateral", collateral)
        .number("slaStake", slaStake)
        .toMap();
  }

  static BidPlaced read(AttributeReader a) {
    return new BidPlaced(
        a.hash("job"),
        a.address("provider"),
        a.number("price"),
        a.text("gpuModel"),
        a.intNumber("gpuCount"),
        a.intNumber("maxUnits"),
        a.number("collateral"),
        a.number("slaStake"));
  }
}
