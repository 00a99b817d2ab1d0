package io.gridwork.node.consensus;

import io.gridwork.chain.exec.BlockExecutor;
import io.gridwork.chain.exec.GenesisOutcome;
import io.gridwork.chain.genesis.Genesis;
import io.gridwork.node.block.Block;
import io.gridwork.node.block.BlockHeader;
import io.gridwork.node.block.BlockResults;
import io.gridwork.node.storage.ChainHead;
import io.gridwork.node.storage.ChainStore;
import io.gridwork.protocol.crypto.Hash;
import java.util.List;

/**
 * Brings a store to a usable head: writes the genesis block (height 0) into an empty store, and
 * refuses a store that was started from a different genesis.
 */
public final class ChainBootstrap {
  private ChainBootstrap() {}

  /** The genesis block: no transactions, the genesis time, and the state root of the genesis. */
  public static Block genesisBlock(Genesis genesis, Hash stateRoot) {
    BlockHeader header =
        new BlockHeader(
            genesis.chainId(),
            0,
            genesis.genesisTimeMillis(),
            Hash.ZERO,
            Block.txRoot(List.of()),
            new BlockResults(List.of(), List.of()).hash(),
            stateRoot);
    return new Block(header, List.of());
  }

  /**
   * Initialises an empty store from {@code genesis} or checks that a used one was made from it.
   * Throws {@link IllegalStateException} with instructions when the genesis does not match.
   */
  public static ChainHead bootstrap(ChainStore store, BlockExecutor executor, Genesis genesis) {
    GenesisOutcome outcome = executor.initialize(genesis);
    Block block = genesisBlock(genesis, outcome.stateRoot());
    Hash expected = block.hash();
    if (store.head().isEmpty()) {
      store.commitGenesis(block, outcome.changes());
    } else {
      Hash stored =
          store
              .genesisHash()
              .orElseThrow(
                  () -> new IllegalStateException("chain database has a head but no genesis"));
      if (!stored.equals(expected)) {
        throw new IllegalStateException(
            "this data directory holds a chain started from a different genesis (genesis block "
                + stored
                + ", but genesis.json gives "
                + expected
                + "); restore the original genesis.json or use a new data directory");
      }
    }
    return store.head().orElseThrow();
  }
}
