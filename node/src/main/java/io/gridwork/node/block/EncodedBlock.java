package io.gridwork.node.block;

import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.tx.SignedTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A block with what storing and announcing it needs, each computed once: its hash, its
 * transactions' ids, its results, and the stored forms of the block and the results. The producer
 * already holds every piece when it builds the header (the ids for the tx root, the encoded results
 * for the results hash), so the store must not encode or hash them again.
 *
 * @param txHashes the transactions' ids in block order
 * @param encoded {@link BlockCodec#encode} of the block
 * @param encodedResults {@link BlockCodec#encodeResults} of {@code results}
 */
public record EncodedBlock(
    Block block,
    Hash hash,
    List<Hash> txHashes,
    byte[] encoded,
    BlockResults results,
    byte[] encodedResults) {
  public EncodedBlock {
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(encoded, "encoded");
    Objects.requireNonNull(results, "results");
    Objects.requireNonNull(encodedResults, "encodedResults");
    txHashes = List.copyOf(txHashes);
    if (txHashes.size() != block.txs().size()) {
      throw new IllegalArgumentException("one hash per transaction expected");
    }
  }

  /** Encodes and hashes everything of a block that was built without its encodings at hand. */
  public static EncodedBlock of(Block block, BlockResults results) {
    List<Hash> hashes = new ArrayList<>(block.txs().size());
    List<byte[]> txs = new ArrayList<>(block.txs().size());
    for (SignedTransaction tx : block.txs()) {
      byte[] bytes = tx.encode();
      txs.add(bytes);
      hashes.add(Hash.sha256(bytes));
    }
    return new EncodedBlock(
        block,
        block.hash(),
        hashes,
        BlockCodec.encode(block.header(), txs),
        results,
        BlockCodec.encodeResults(results));
  }

  public long height() {
    return block.height();
  }
}
