package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;

/** A buyer posted a job and moved {@code deposit} into its escrow. */
@EventType("job_created")
public record JobCreated(
    Hash jobId,
    Address buyer,
    String name,
    JobKind kind,
    int units,
    long deposit,
    long biddingClosesAt)
    implements LedgerEvent {}
