package io.gridwork.node;

import io.gridwork.chain.exec.BlockExecutor;
import io.gridwork.chain.genesis.Genesis;
import io.gridwork.node.api.NodeApi;
import io.gridwork.node.blob.BlobRetention;
import io.gridwork.node.blob.BlobStore;
import io.gridwork.node.consensus.BlockFeed;
import io.gridwork.node.consensus.ChainBootstrap;
import io.gridwork.node.consensus.SoloProducer;
import io.gridwork.node.mempool.Mempool;
import io.gridwork.node.metrics.NodeMetrics;
import io.gridwork.node.storage.ChainHead;
import io.gridwork.node.storage.ChainStore;
import java.time.Duration;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running solo validator: storage, mempool, block producer and HTTP API wired together. {@link
 * #start} returns once the API answers; {@link #close} stops block production first, so the last
 * block is either fully committed or not at all, then the API and the database.
 */
public final class Node implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  private final ChainStore store;
  private final Mempool mempool;
  private final SoloProducer producer;
  private final NodeApi api;
  private final BlobRetention retention;

  private Node(
      ChainStore store,
      Mempool mempool,
      SoloProducer producer,
      NodeApi api,
      BlobRetention retention) {
    this.store = store;
    this.mempool = mempool;
    this.producer = producer;
    this.api = api;
    this.retention = retention;
  }

  /**
   * Opens (or initialises from {@code genesis}) the chain in {@code config.dbDir()}, starts block
   * production and serves the API. Throws {@link IllegalStateException} when the data directory
   * belongs to another genesis.
   */
  public static Node start(NodeConfig config, Genesis genesis) {
    ChainStore store = ChainStore.open(config.dbDir());
    Mempool mempool = null;
    SoloProducer producer = null;
    BlobRetention retention = null;
    try {
      BlockExecutor executor = new BlockExecutor();
      ChainHead head = ChainBootstrap.bootstrap(store, executor, genesis);
      mempool =
          new Mempool(
              genesis.chainId(),
              store::blockHeightOf,
              config.mempoolMaxTxs(),
              config.maxNonceGap(),
              config.clientLimits().maxPendingPerAccount(),
              config.clientLimits().gapExpiryBlocks(),
              config.verifyThreads());
      NodeMetrics metrics = new NodeMetrics(head.height(), mempool::size);
      BlockFeed feed = new BlockFeed();
      BlobStore blobs =
          BlobStore.open(config.blobDir(), config.maxBlobBytes(), config.maxJobBlobBytes());
      retention =
          new BlobRetention(blobs, store, Duration.ofSeconds(config.blobRetentionSeconds()));
      feed.subscribe(retention::onBlock);
      producer =
          new SoloProducer(
              genesis.chainId(),
              store,
              executor,
              mempool,
              (block, took) -> {
                metrics.blockCommitted(block.height(), block.block().txs().size(), took);
                feed.publish(block);
              },
              config.blockIntervalMillis(),
              config.maxTxsPerBlock(),
              System::currentTimeMillis);
      NodeApi api =
          new NodeApi(
                  store,
                  mempool,
                  producer::head,
                  feed,
                  metrics,
                  genesis.chainId(),
                  config.maxBatchTxs(),
                  blobs,
                  retention,
                  InstantSource.system(),
                  config.clientLimits().requestHeaderTimeoutMillis(),
                  config.clientLimits().minRequestBytesPerSecond())
              .start(config.apiHost(), config.apiPort());
      producer.start();
      LOG.info(
          "node for chain {} at height {} (state root {}), API at http://{}:{} (routes under /v1)",
          genesis.chainId(),
          head.height(),
          head.stateRoot(),
          config.apiHost(),
          api.port());
      return new Node(store, mempool, producer, api, retention);
    } catch (RuntimeException e) {
      if (producer != null) {
        producer.close();
      }
      if (retention != null) {
        retention.close();
      }
      if (mempool != null) {
        mempool.close();
      }
      store.close();
      throw e;
    }
  }

  public int apiPort() {
    return api.port();
  }

  public ChainHead head() {
    return producer.head();
  }

  @Override
  public void close() {
    producer.close();
    api.close();
    retention.close();
    mempool.close();
    store.close();
    LOG.info("node stopped at height {}", producer.head().height());
  }
}
