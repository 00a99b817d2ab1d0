package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.spec.SlaTier;
import java.util.Objects;
import java.util.SortedMap;

/** A lease broke its tier's promise and the provider's SLA stake paid the buyer. */
public record SlaCompensated(
    Hash leaseId, Hash jobId, Address provider, Address buyer, SlaTier tier, long amount)
    implements LedgerEvent {
  public static final String TYPE = "sla_compensated";

  public SlaCompensated {
    Objects.requireNonNull(leaseId, "leaseId");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(buyer, "buyer");
    Objects.requireNonNull(tier, "tier");
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
        .address("buyer", buyer)
        .tier("tier", tier)
        .number("amount", amount)
        .toMap();
  }

  static SlaCompensated read(AttributeReader a) {
    return new SlaCompensated(
        a.hash("lease"),
        a.hash("job"),
        a.address("provider"),
        a.address("buyer"),
        a.tier("tier"),
        a.number("amount"));
  }
}
