package io.gridwork.node;

import io.gridwork.chain.exec.BlockExecutor;
import io.gridwork.chain.genesis.Genesis;
import io.gridwork.chain.genesis.GenesisAccount;
import io.gridwork.chain.genesis.Params;
import io.gridwork.chain.state.MemoryState;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.testkit.TestKeys;
import java.nio.file.Path;
import java.util.List;

/** A small test chain: funded keys, its genesis, and node settings fast enough for tests. */
public final class TestChain {
  public static final String CHAIN_ID = "gridwork-test";
  public static final long FUNDS = Amount.grid(1_000_000).ugrid();

  private TestChain() {}

  public static List<KeyPair> users() {
    return TestKeys.keys("user", 24);
  }

  public static KeyPair user(int i) {
    return users().get(i);
  }

  public static Genesis genesis() {
    return genesis(CHAIN_ID);
  }

  public static Genesis genesis(String chainId) {
    return new Genesis(
        chainId,
        1_700_000_000_000L,
        users().stream().map(k -> new GenesisAccount(k.address(), FUNDS)).toList(),
        Params.defaults());
  }

  /** The committed state right after {@code genesis}. */
  public static MemoryState genesisState(Genesis genesis) {
    MemoryState state = new MemoryState();
    new BlockExecutor().initialize(genesis).changes().applyTo(state);
    return state;
  }

  public static NodeConfig config(Path dataDir) {
    return NodeConfig.defaults(dataDir)
        .withApiPort(0)
        .withBlockIntervalMillis(100)
        .withVerifyThreads(2);
  }
}
