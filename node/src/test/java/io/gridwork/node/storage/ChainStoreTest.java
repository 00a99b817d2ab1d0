package io.gridwork.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.bank.Bank;
import io.gridwork.chain.exec.BlockContext;
import io.gridwork.chain.exec.BlockExecutor;
import io.gridwork.chain.exec.BlockOutcome;
import io.gridwork.chain.genesis.Genesis;
import io.gridwork.node.TestChain;
import io.gridwork.node.block.Block;
import io.gridwork.node.block.BlockHeader;
import io.gridwork.node.block.BlockResults;
import io.gridwork.node.block.EncodedBlock;
import io.gridwork.node.consensus.ChainBootstrap;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.testkit.TxFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainStoreTest {
  @TempDir Path dir;
  private final Genesis genesis = TestChain.genesis();
  private final BlockExecutor executor = new BlockExecutor();

  @Test
  void anEmptyStoreIsInitialisedAtHeightZeroFromGenesis() {
    try (ChainStore store = ChainStore.open(dir)) {
      ChainHead head = ChainBootstrap.bootstrap(store, executor, genesis);

      assertThat(head.height()).isZero();
      assertThat(head.stateRoot()).isEqualTo(executor.initialize(genesis).stateRoot());
      assertThat(Bank.account(store.state(), TestChain.user(0).address()).balance())
          .isEqualTo(TestChain.FUNDS);
    }
  }

  @Test
  void aCommittedBlockIsReadBackAfterReopening() {
    SignedTransaction tx =
        new TxFactory(TestChain.CHAIN_ID)
            .transfer(TestChain.user(0), TestChain.user(1).address(), 9);
    Block block;
    try (ChainStore store = ChainStore.open(dir)) {
      ChainHead genesisHead = ChainBootstrap.bootstrap(store, executor, genesis);
      block = commitBlock(store, genesisHead, List.of(tx));
    }

    try (ChainStore store = ChainStore.open(dir)) {
      assertThat(store.head().orElseThrow().height()).isEqualTo(1);
      assertThat(store.head().orElseThrow().blockHash()).isEqualTo(block.hash());
      assertThat(store.block(1)).contains(block);
      assertThat(store.txLocation(tx.hash())).contains(new TxLocation(1, 0));
      CommittedTx committed = store.committedTx(tx.hash()).orElseThrow();
      assertThat(committed.tx()).isEqualTo(tx);
      assertThat(committed.result().ok()).isTrue();
      assertThat(Bank.account(store.state(), TestChain.user(1).address()).balance())
          .isEqualTo(TestChain.FUNDS + 9);
    }
  }

  @Test
  void scanningStateVisitsOnlyThePrefixInAscendingOrder() {
    try (ChainStore store = ChainStore.open(dir)) {
      ChainBootstrap.bootstrap(store, executor, genesis);
      List<byte[]> keys = new ArrayList<>();

      store
          .state()
          .scan(
              new byte[0],
              (k, v) -> {
                keys.add(k);
                return true;
              });

      assertThat(keys).isNotEmpty();
      for (int i = 1; i < keys.size(); i++) {
        assertThat(Arrays.compareUnsigned(keys.get(i - 1), keys.get(i))).isNegative();
      }
      List<byte[]> none = new ArrayList<>();
      store.state().scan(new byte[] {(byte) 0xff, (byte) 0xff, 0x7f}, (k, v) -> none.add(k));
      assertThat(none).isEmpty();
    }
  }

  private Block commitBlock(ChainStore store, ChainHead head, List<SignedTransaction> txs) {
    BlockOutcome outcome =
        executor.execute(
            store.state(),
            new BlockContext(
                head.height() + 1, head.timestampMillis() + 1, head.blockHash(), head.stateRoot()),
            txs);
    List<Hash> hashes = txs.stream().map(SignedTransaction::hash).toList();
    BlockResults results = new BlockResults(outcome.results(), outcome.blockEvents());
    Block block =
        new Block(
            new BlockHeader(
                TestChain.CHAIN_ID,
                head.height() + 1,
                head.timestampMillis() + 1,
                head.blockHash(),
                Block.txRoot(hashes),
                results.hash(),
                outcome.stateRoot()),
            txs);
    store.commit(EncodedBlock.of(block, results), outcome.changes());
    return block;
  }
}
