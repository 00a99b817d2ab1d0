package io.gridwork.protocol.event;

import io.gridwork.protocol.crypto.Hash;

/** Every unit of a job is final. */
@EventType("job_done")
public record JobDone(Hash jobId) implements LedgerEvent {}
