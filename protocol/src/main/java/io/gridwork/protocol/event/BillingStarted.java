package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;
import java.util.SortedMap;

/**
 * A service lease's first heartbeat started its billing; the escrow lasts until {@code
 * exhaustionHeight}.
 */
public record BillingStarted(
    Hash leaseId, Hash jobId, Address provider, long ratePerBlock, long exhaustionHeight)
    implements LedgerEvent {
  public static final String TYPE = "billing_started";

  public BillingStarted {
    Objects.requireNonNull(leaseId, "leaseId");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(provider, "provider");
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
        .number("ratePerBlock", ratePerBlock)
        .number("exhaustionHeight", exhaustionHeight)
        .toMap();
  }

  static BillingStarted read(AttributeReader a) {
    return new BillingStarted(
        a.hash("lease"),
        a.hash("job"),
        a.address("provider"),
        a.number("ratePerBlock"),
        a.number("exhaustionHeight"));
  }
}
