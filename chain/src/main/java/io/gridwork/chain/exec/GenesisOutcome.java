package io.gridwork.chain.exec;

import io.gridwork.protocol.crypto.Hash;

/** The state a chain starts from, as writes into an empty store, and the root committing to it. */
public record GenesisOutcome(ChangeSet changes, Hash stateRoot) {}
