package io.gridwork.node.consensus;

import io.gridwork.chain.exec.BlockContext;
import io.gridwork.chain.exec.BlockExecutor;
import io.gridwork.chain.exec.BlockOutcome;
import io.gridwork.chain.state.ReadableState;
import io.gridwork.node.block.Block;
import io.gridwork.node.block.BlockCodec;
import io.gridwork.node.block.BlockHeader;
import io.gridwork.node.block.BlockResults;
import io.gridwork.node.block.EncodedBlock;
import io.gridwork.node.mempool.Mempool;
import io.gridwork.node.mempool.PendingTx;
import io.gridwork.node.storage.ChainHead;
import io.gridwork.node.storage.ChainStore;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.tx.SignedTransaction;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Solo consensus: this node alone orders transactions. Every interval it takes the best pending
 * transactions, executes them, commits the block durably and only then tells listeners, so nothing
 * is ever reported committed that a crash could undo.
 *
 * <p>Lifecycle: created → {@link #start()} → producing → {@link #close()} (or halted, when a block
 * could not be made: a storage failure or a bug, logged with the height; the node keeps serving
 * reads). The producer thread owns the head; other threads read it through {@link #head()}.
 */
public final class SoloProducer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SoloProducer.class);

  /** Called on the producer thread after each block is durable. */
  @FunctionalInterface
  public interface Listener {
    void committed(CommittedBlock block, Duration executeAndPersist);
  }

  private final String chainId;
  private final ChainStore store;
  private final BlockExecutor executor;
  private final Mempool mempool;
  private final Listener listener;
  private final long intervalMillis;
  private final int maxTxsPerBlock;
  private final LongSupplier clockMillis;
  private final ScheduledExecutorService thread;
  private volatile ChainHead head;
  private volatile boolean halted;

  public SoloProducer(
      String chainId,
      ChainStore store,
      BlockExecutor executor,
      Mempool mempool,
      Listener listener,
      long intervalMillis,
      int maxTxsPerBlock,
      LongSupplier clockMillis) {
    this.chainId = chainId;
    this.store = store;
    this.executor = executor;
    this.mempool = mempool;
    this.listener = listener;
    this.intervalMillis = intervalMillis;
    this.maxTxsPerBlock = maxTxsPerBlock;
    this.clockMillis = clockMillis;
    this.head = store.head().orElseThrow(() -> new IllegalStateException("store has no genesis"));
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "gridwork-producer");
              t.setDaemon(true);
              return t;
            });
  }

  public void start() {
    thread.scheduleAtFixedRate(
        this::produceOrHalt, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
  }

  public ChainHead head() {
    return head;
  }

  /** True when production stopped because a block could not be made. */
  public boolean halted() {
    return halted;
  }

  private void produceOrHalt() {
    try {
      produceBlock();
    } catch (RuntimeException | Error e) {
      // A scheduled task that throws is silently never run again; say so loudly instead.
      halted = true;
      LOG.error(
          "block production halted: block {} could not be made; the node keeps serving reads, "
              + "restart it once the cause is fixed",
          head.height() + 1,
          e);
      thread.shutdown();
    }
  }

  /** Makes, commits and announces the next block. */
  CommittedBlock produceBlock() {
    ChainHead previous = head;
    ReadableState committed = store.state();
    List<PendingTx> selected = mempool.select(maxTxsPerBlock);
    long started = System.nanoTime();
    long height = previous.height() + 1;
    // Timestamps strictly increase even if the wall clock steps back.
    long time = Math.max(clockMillis.getAsLong(), previous.timestampMillis() + 1);
    // Streams rather than a loop here: a loop would have the JIT compile this whole method, with
    // all it calls inlined, from within the loop (a costly compilation for a method that runs once
    // per block), while the work per transaction lies in callees compiled on their own.
    List<SignedTransaction> txs = selected.stream().map(PendingTx::tx).toList();
    List<Hash> txHashes = selected.stream().map(PendingTx::hash).toList();
    List<byte[]> encodedTxs = selected.stream().map(PendingTx::encoded).toList();
    BlockOutcome outcome =
        executor.execute(
            committed,
            new BlockContext(height, time, previous.blockHash(), previous.stateRoot()),
            txs);
    BlockResults results = new BlockResults(outcome.results(), outcome.blockEvents());
    byte[] encodedResults = BlockCodec.encodeResults(results);
    BlockHeader header =
        new BlockHeader(
            chainId,
            height,
            time,
            previous.blockHash(),
            Block.txRoot(txHashes),
            Hash.sha256(encodedResults),
            outcome.stateRoot());
    Block block = new Block(header, txs);
    Hash hash = header.hash();
    store.commit(
        new EncodedBlock(
            block, hash, txHashes, BlockCodec.encode(header, encodedTxs), results, encodedResults),
        outcome.changes());
    head = new ChainHead(height, hash, time, outcome.stateRoot());
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    mempool.removeCommitted(selected, committed);
    CommittedBlock done = new CommittedBlock(block, hash, txHashes, results);
    listener.committed(done, took);
    return done;
  }

  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("block producer did not finish its block within 30 s; stopping it");
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      thread.shutdownNow();
    }
  }
}
