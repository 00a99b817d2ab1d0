package io.gridwork.protocol.event;

import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;
import java.util.SortedMap;

/** A job takes bids again for {@code units} units until {@code biddingClosesAt}. */
public record BiddingReopened(Hash jobId, int round, int units, long biddingClosesAt)
    implements LedgerEvent {
  public static final String TYPE = "bidding_reopened";

  public BiddingReopened {
    Objects.requireNonNull(jobId, "jobId");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public SortedMap<String, String> attributes() {
    return new AttributeWriter()
        .hash("job", jobId)
        .number("round", round)
        .number("units", units)
        .number("biddingClosesAt", biddingClosesAt)
        .toMap();
  }

  static BiddingReopened read(AttributeReader a) {
    return new BiddingReopened(
        a.hash("job"), a.intNumber("round"), a.intNumber("units"), a.number("biddingClosesAt"));
  }
}
