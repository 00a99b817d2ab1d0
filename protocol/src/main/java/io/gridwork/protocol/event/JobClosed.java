package io.gridwork.protocol.event;

import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.CloseReason;

/** A job ended before all its work was done. */
@EventType("job_closed")
public record JobClosed(Hash jobId, CloseReason reason) implements LedgerEvent {}
