package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.spec.SlaTier;
import java.util.Objects;
import java.util.SortedMap;

/** A registered provider changed its offer; {@code stake} is its bonded stake after. */
public record ProviderUpdated(Address owner, String region, SlaTier tier, int gpus, long stake)
    implements LedgerEvent {
  public static final String TYPE = "provider_updated";

  public ProviderUpdated {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(tier, "tier");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public SortedMap<String, String> attributes() {
    return new AttributeWriter()
        .address("owner", owner)
        .text("region", region)
        .tier("tier", tier)
        .number("gpus", gpus)
        .number("stake", stake)
        .toMap();
  }

  static ProviderUpdated read(AttributeReader a) {
    return new ProviderUpdated(
        a.address("owner"),
        a.text("region"),
        a.tier("tier"),
        a.intNumber("gpus"),
        a.number("stake"));
  }
}
