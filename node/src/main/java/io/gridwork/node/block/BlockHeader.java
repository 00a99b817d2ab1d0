package io.gridwork.node.block;

import io.gridwork.protocol.codec.CanonicalReader;
import io.gridwork.protocol.codec.CanonicalWriter;
import io.gridwork.protocol.crypto.Hash;
import java.util.Objects;

/**
 * What a block commits to: its chain and position, the proposer's time, the previous block, its
 * transactions ({@code txRoot}), what they produced ({@code resultsHash}) and the state after it.
 * The block hash is SHA-256 of the canonical encoding, so any replica that re-executes the block
 * can compare all of it.
 */
public record BlockHeader(
    String chainId,
    long height,
    long timestampMillis,
    Hash previousHash,
    Hash txRoot,
    Hash resultsHash,
    Hash stateRoot) {
  static final int VERSION = 1;

  public BlockHeader {
    Objects.requireNonNull(chainId, "chainId");
    Objects.requireNonNull(previousHash, "previousHash");
    Objects.requireNonNull(txRoot, "txRoot");
    Objects.requireNonNull(resultsHash, "resultsHash");
    Objects.requireNonNull(stateRoot, "stateRoot");
  }

  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter(200);
    write(w);
    return w.toByteArray();
  }

  void write(CanonicalWriter w) {
    w.u8(VERSION)
        .string(chainId)
        .i64(height)
        .i64(timestampMillis)
        .hash(previousHash)
        .hash(txRoot)
        .hash(resultsHash)
        .hash(stateRoot);
  }

  static BlockHeader read(CanonicalReader r) {
    int version = r.u8("block version");
    if (version != VERSION) {
      throw new IllegalStateException("stored block has version " + version + ", expected 1");
    }
    return new BlockHeader(
        r.string(256, "chain id"),
        r.i64("height"),
        r.i64("timestamp"),
        r.hash("previous hash"),
        r.hash("tx root"),
        r.hash("results hash"),
        r.hash("state root"));
  }

  public Hash hash() {
    return Hash.sha256(encode());
  }
}
