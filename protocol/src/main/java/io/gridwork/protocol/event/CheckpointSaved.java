package io.gridwork.protocol.event;

import io.gridwork.protocol.crypto.Hash;

/** A lease recorded a checkpoint of a unit, from which a re-run may resume. */
@EventType("checkpoint_saved")
public record CheckpointSaved(Hash leaseId, Hash jobId, int unit, Hash checkpoint)
    implements LedgerEvent {}
