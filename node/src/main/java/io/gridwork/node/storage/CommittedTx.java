package io.gridwork.node.storage;

import io.gridwork.chain.exec.TxResult;
import io.gridwork.protocol.tx.SignedTransaction;

/** A transaction as committed: the transaction, where it is, and what executing it did. */
public record CommittedTx(SignedTransaction tx, TxLocation location, TxResult result) {}
