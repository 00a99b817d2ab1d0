package io.gridwork.chain;

import io.gridwork.chain.bank.Account;
import io.gridwork.chain.bank.Bank;
import io.gridwork.chain.exec.BlockContext;
import io.gridwork.chain.exec.BlockExecutor;
import io.gridwork.chain.exec.BlockOutcome;
import io.gridwork.chain.exec.GenesisOutcome;
import io.gridwork.chain.exec.TxResult;
import io.gridwork.chain.genesis.Genesis;
import io.gridwork.chain.genesis.GenesisAccount;
import io.gridwork.chain.genesis.Params;
import io.gridwork.chain.staking.Provider;
import io.gridwork.chain.staking.Staking;
import io.gridwork.chain.state.MemoryState;
import io.gridwork.chain.state.ReadableState;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.testkit.TxFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A chain in memory that applies each block's change set the way a node commits it. */
public final class TestChain {
  public static final String CHAIN_ID = "gridwork-test";
  public static final long GRID = 1_000_000;
  public static final long FEE = TxFactory.DEFAULT_FEE;
  public static final Params PARAMS = new Params(FEE, 100 * GRID, 3);

  public final MemoryState state = new MemoryState();
  public final TxFactory txs = new TxFactory(CHAIN_ID);
  private final BlockExecutor executor = new BlockExecutor();
  private Hash root;
  private long height;

  public TestChain(Genesis genesis) {
    GenesisOutcome outcome = executor.initialize(genesis);
    outcome.changes().applyTo(state);
    root = outcome.stateRoot();
  }

  /** A chain where each of {@code funded} starts with {@code balance} ugrid. */
  public static TestChain funded(long balance, KeyPair... funded) {
    return new TestChain(genesis(balance, funded));
  }

  public static Genesis genesis(long balance, KeyPair... funded) {
    return genesis(PARAMS, balance, funded);
  }

  public static Genesis genesis(Params params, long balance, KeyPair... funded) {
    List<GenesisAccount> accounts = new ArrayList<>();
    for (KeyPair key : funded) {
      accounts.add(new GenesisAccount(key.address(), balance));
    }
    return new Genesis(CHAIN_ID, 0, accounts, params);
  }

  /**
   * Executes one block and commits its change set. The previous block's hash, which seeds the
   * ledger's randomness, stands in for a real block hash: it is derived from the previous height
   * and state root, so it differs from block to block and is the same on every replay.
   */
  public BlockOutcome block(List<SignedTransaction> block) {
    Hash previousBlock = previousBlockHash();
    height++;
    BlockOutcome outcome =
        executor.execute(
            state, new BlockContext(height, 1_000 * height, previousBlock, root), block);
    outcome.changes().applyTo(state);
    root = outcome.stateRoot();
    return outcome;
  }

  /** The hash the next block will be told its predecessor had. */
  public Hash previousBlockHash() {
    return Hash.sha256(
        "test-block".getBytes(StandardCharsets.US_ASCII),
        ByteBuffer.allocate(Long.BYTES).putLong(height).array(),
        root.bytes());
  }

  public BlockOutcome block(SignedTransaction... block) {
    return block(List.of(block));
  }

  /** Executes {@code tx} alone in a block and returns its result. */
  public TxResult run(SignedTransaction tx) {
    return block(tx).results().get(0);
  }

  /** Executes empty blocks until the chain is at {@code target}. */
  public void advanceTo(long target) {
    while (height < target) {
      block();
    }
  }

  public Account account(KeyPair key) {
    return Bank.account(state, key.address());
  }

  public long balance(KeyPair key) {
    return account(key).balance();
  }

  public Optional<Provider> provider(KeyPair key) {
    return Staking.provider(state, key.address());
  }

  public Params params() {
    return Params.load(state);
  }

  public long height() {
    return height;
  }

  public Hash root() {
    return root;
  }

  public static MemoryState copy(ReadableState source) {
    MemoryState copy = new MemoryState();
    source.scan(
        new byte[0],
        (key, value) -> {
          copy.put(key, value);
          return true;
        });
    return copy;
  }
}
