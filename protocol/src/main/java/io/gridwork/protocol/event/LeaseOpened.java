package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.SortedMap;

/**
 * An auction turned a bid into a lease of {@code units} units from {@code firstUnit} (none for a
 * service).
 */
public record LeaseOpened(
    Hash leaseId,
    Hash jobId,
    Address provider,
    long price,
    String gpuModel,
    int gpuCount,
    int units,
    OptionalInt firstUnit,
    long ratePerBlock,
    long collateral)
    implements LedgerEvent {
  public static final String TYPE = "lease_opened";

  public LeaseOpened {
    Objects.requireNonNull(leaseId, "leaseId");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(gpuModel, "gpuModel");
    Objects.requireNonNull(firstUnit, "firstUnit");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public SortedMap<String, String> attributes() {
    return new AttributeWriter()
        .hash("lease", leaseId)
        .hash("job", jobId)
        .address("provider", provider)
        .number("price", price)
        .text("gpuModel", gpuModel)
        .number("gpuCount", gpuCount)
        .number("units", units)
        .optionalNumber("firstUnit", firstUnit)
        .number("ratePerBlock", ratePerBlock)
        .number("collateral", collateral)
        .toMap();
  }

  static LeaseOpened read(AttributeReader a) {
    return new LeaseOpened(
        a.hash("lease"),
        a.hash("job"),
        a.address("provider"),
        a.number("price"),
        a.text("gpuModel"),
        a.intNumber("gpuCount"),
        a.intNumber("units"),
        a.optionalNumber("firstUnit"),
        a.number("ratePerBlock"),
        a.number("collateral"));
  }
}
