package io.gridwork.node.mempool;

import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.tx.SignedTransaction;
import java.util.Objects;

/**
 * A pending transaction as the block producer takes it: decoded, with its id and the bytes it was
 * submitted as. The codec is canonical, so those bytes are its encoding and the block can store
 * them and commit to the id without encoding or hashing the transaction again.
 *
 * @param encoded the canonical encoding; owned by the mempool and the block, never modified
 */
public record PendingTx(SignedTransaction tx, Hash hash, byte[] encoded) {
  public PendingTx {
    Objects.requireNonNull(tx, "tx");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(encoded, "encoded");
  }
}
