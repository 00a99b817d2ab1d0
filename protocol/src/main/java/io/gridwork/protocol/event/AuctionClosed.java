package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;

/** A job's bid window ended: the auction's round, its winners and the units it left unassigned. */
public record AuctionClosed(
    Hash jobId, int round, int bids, List<Address> winners, int unitsLeft, boolean filled)
    implements LedgerEvent {
  public static final String TYPE = "auction_closed";

  public AuctionClosed {
    Objects.requireNonNull(jobId, "jobId");
    winners = List.copyOf(winners);
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
        .number("bids", bids)
        .addresses("winners", winners)
        .number("unitsLeft", unitsLeft)
        .flag("filled", filled)
        .toMap();
  }

  static AuctionClosed read(AttributeReader a) {
    return new AuctionClosed(
        a.hash("job"),
        a.intNumber("round"),
        a.intNumber("bids"),
        a.addresses("winners"),
        a.intNumber("unitsLeft"),
        a.flag("filled"));
  }
}
