package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import java.util.List;

/** A job's bid window ended: the auction's round, its winners and the units it left unassigned. */
@EventType("auction_closed")
public record AuctionClosed(
    Hash jobId, int round, int bids, List<Address> winners, int unitsLeft, boolean filled)
    implements LedgerEvent {
  public AuctionClosed {
    winners = List.copyOf(winners);
  }
}
