package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;
import java.util.SortedMap;

/** A buyer posted a job and moved {@code deposit} into its escrow. */
public record JobCreated(
    Hash jobId,
    Address buyer,
    String name,
    JobKind kind,
    int units,
    long deposit,
    long biddingClosesAt)
    implements LedgerEvent {
  public static final String TYPE = "job_created";

  public JobCreated {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(buyer, "buyer");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public SortedMap<String, String> attributes() {
    return new AttributeWriter()
        .hash("job", jobId)
        .address("buyer", buyer)
        .text("name", name)
        .jobKind("kind", kind)
        .number("units", units)
        .number("deposit", deposit)
        .number("biddingClosesAt", biddingClosesAt)
        .toMap();
  }

  static JobCreated read(AttributeReader a) {
    return new JobCreated(
        a.hash("job"),
        a.address("buyer"),
        a.text("name"),
        a.jobKind("kind"),
        a.intNumber("units"),
        a.number("deposit"),
        a.number("biddingClosesAt"));
  }
}
