package io.gridwork.node.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.exec.BlockExecutor;
import io.gridwork.node.TestChain;
import io.gridwork.node.mempool.Mempool;
import io.gridwork.node.storage.ChainStore;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.testkit.TestKeys;
import io.gridwork.testkit.TxFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Block production driven by hand, one block per call, with the clock under test control. */
class SoloProducerTest {
  @TempDir Path dir;
  private ChainStore store;
  private Mempool mempool;
  private final AtomicLong clock = new AtomicLong(2_000_000_000_000L);
  private final List<Long> storedHeightsSeenByListener = new ArrayList<>();

  @BeforeEach
  void open() {
    store = ChainStore.open(dir);
    ChainBootstrap.bootstrap(store, new BlockExecutor(), TestChain.genesis());
    mempool = new Mempool(TestChain.CHAIN_ID, store::blockHeightOf, 1_000, 1_000, 1_000, 10, 1);
  }

  @AfterEach
  void close() {
    mempool.close();
    store.close();
  }

  private SoloProducer producer(int maxTxsPerBlock) {
    return new SoloProducer(
        TestChain.CHAIN_ID,
        store,
        new BlockExecutor(),
        mempool,
        (block, took) -> storedHeightsSeenByListener.add(store.head().orElseThrow().height()),
        1_000,
        maxTxsPerBlock,
        clock::get);
  }

  @Test
  void timestampsStrictlyIncreaseEvenWhenTheClockStepsBack() {
    SoloProducer producer = producer(10);

    long first = producer.produceBlock().block().header().timestampMillis();
    clock.addAndGet(-60_000);
    long second = producer.produceBlock().block().header().timestampMillis();

    assertThat(second).isGreaterThan(first);
  }

  @Test
  void aBlockHoldsAtMostMaxTxsPerBlockAndTheRestWait() {
    TxFactory txs = new TxFactory(TestChain.CHAIN_ID);
    for (int i = 0; i < 5; i++) {
      SignedTransaction tx = txs.transfer(TestChain.user(0), TestKeys.key("r").address(), 1);
      mempool.submit(tx.encode(), store.state());
    }
    SoloProducer producer = producer(3);

    CommittedBlock block = producer.produceBlock();

    assertThat(block.block().txs()).hasSize(3);
    assertThat(mempool.size()).isEqualTo(2);
  }

  @Test
  void listenersHearOfABlockOnlyOnceItIsStored() {
    SoloProducer producer = producer(10);

    producer.produceBlock();
    producer.produceBlock();

    assertThat(storedHeightsSeenByListener).containsExactly(1L, 2L);
  }

  @Test
  void eachBlockLinksToThePreviousOne() {
    SoloProducer producer = producer(10);

    CommittedBlock one = producer.produceBlock();
    CommittedBlock two = producer.produceBlock();

    assertThat(two.block().header().previousHash()).isEqualTo(one.hash());
    assertThat(producer.head().blockHash()).isEqualTo(two.hash());
  }
}
