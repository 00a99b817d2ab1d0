package io.gridwork.node.mempool;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;

/**
 * A transaction the {@link Mempool} holds, with what its ordering and funding checks read.
 *
 * <p>{@code cost} is the most the transaction can take from the sender: its fee plus the value it
 * moves; {@code block} is the count of blocks seen when it arrived.
 */
record Pending(
    PendingTx entry, Address sender, long nonce, long fee, long cost, long seq, long block) {
  Hash hash() {
    return entry.hash();
  }
}
