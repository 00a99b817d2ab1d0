package io.gridwork.node.block;

import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.tx.SignedTransaction;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;

/** A header and the transactions it orders, in execution order. */
public record Block(BlockHeader header, List<SignedTransaction> txs) {
  public Block {
    Objects.requireNonNull(header, "header");
    txs = List.copyOf(txs);
  }

  public long height() {
    return header.height();
  }

  public Hash hash() {
    return header.hash();
  }

  /** SHA-256 over the concatenated transaction hashes, in block order. */
  public static Hash txRoot(List<Hash> txHashes) {
    MessageDigest md = Hash.digest();
    for (Hash h : txHashes) {
      md.update(h.bytes());
    }
    return new Hash(md.digest());
  }
}
