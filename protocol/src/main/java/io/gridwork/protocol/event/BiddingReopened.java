package io.gridwork.protocol.event;

import io.gridwork.protocol.crypto.Hash;

/** A job takes bids again for {@code units} units until {@code biddingClosesAt}. */
@EventType("bidding_reopened")
public record BiddingReopened(Hash jobId, int round, int units, long biddingClosesAt)
    implements LedgerEvent {}
