package io.gridwork.localnet;

import io.gridwork.api.BlockEvent;
import io.gridwork.api.TxStatus;
import io.gridwork.chain.genesis.Genesis;
import io.gridwork.chain.genesis.GenesisAccount;
import io.gridwork.chain.genesis.Params;
import io.gridwork.client.GridworkClient;
import io.gridwork.client.SubmitResult;
import io.gridwork.node.Node;
import io.gridwork.node.NodeConfig;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.tx.SignedTransaction;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A node on a loopback port with funded accounts, and the providers and event streams started
 * against it, all stopped as one, so the devnet, the tests and the benchmarks share one way to run
 * a marketplace on this machine.
 *
 * <p>Lifecycle: {@link Builder#start()} starts the node; {@link #startProvider} and {@link #follow}
 * add providers and event streams; {@link #close()} stops the providers in the order they started
 * (none of them then sees the node vanish), then the streams, then the node.
 *
 * <p>Threads: one thread starts and drives the network; {@link #close()} may come from another (a
 * shutdown hook) and runs once.
 */
public final class LocalNetwork implements AutoCloseable {
  private final Genesis genesis;
  private final NodeConfig nodeConfig;
  private final BiFunction<NodeConfig, Genesis, Node> nodeStarter;
  private final GridworkClient client;
  private final List<AutoCloseable> providers = new ArrayList<>();
  private final List<AutoCloseable> streams = new ArrayList<>();
  private Node node;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalNetwork(
      Genesis genesis, NodeConfig config, BiFunction<NodeConfig, Genesis, Node> nodeStarter) {
    this.genesis = genesis;
    this.nodeStarter = nodeStarter;
    this.node = nodeStarter.apply(config, genesis);
    // A restart reuses the port the first start got, so clients and agents keep their URL.
    this.nodeConfig = config.withApiPort(node.apiPort());
    this.client = new GridworkClient(url());
  }

  /** A network whose node keeps its chain in {@code nodeDir}. */
  public static Builder builder(Path nodeDir) {
    return new Builder(nodeDir);
  }

  public Genesis genesis() {
    return genesis;
  }

  public String chainId() {
    return genesis.chainId();
  }

  public Node node() {
    return node;
  }

  public GridworkClient client() {
    return client;
  }

  /** The node's API, for clients and agents. */
  public String url() {
    return "http://127.0.0.1:" + node.apiPort();
  }

  /**
   * Starts a provider through {@code factory} against this network's node; it stops when {@link
   * #stopProviders()} or {@link #close()} is called.
   */
  public <P extends AutoCloseable> P startProvider(
      ProviderFactory<P> factory, KeyPair key, Path home) throws IOException {
    P provider = factory.start(url(), key, home);
    providers.add(provider);
    return provider;
  }

  /** Stops every provider started so far, in the order they started. */
  public void stopProviders() {
    List<Exception> failures = new ArrayList<>();
    closeAll(providers, failures);
    throwIfAny(failures);
  }

  /**
   * Streams every block from {@code fromHeight} on to {@code consumer} (see {@link
   * GridworkClient#events(long, Consumer)}) until the network closes.
   */
  public void follow(long fromHeight, Consumer<BlockEvent> consumer) {
    streams.add(client.events(fromHeight, consumer));
  }

  /**
   * Stops the node and starts a new one on the same data directory and port, as an operator's
   * restart does: the chain is kept, the mempool is not.
   */
  public void restartNode() {
    node.close();
    node = nodeStarter.apply(nodeConfig, genesis);
  }

  /**
   * Submits {@code tx} and waits up to {@code timeout} for it to commit; throws when the node
   * refuses it or the ledger rejects it, so a set-up step never fails silently.
   */
  public TxStatus commit(SignedTransaction tx, Duration timeout) {
    SubmitResult submitted = client.submit(tx);
    if (!submitted.accepted()) {
      throw new IllegalStateException("the node refused " + tx.hash().toHex() + ": " + submitted);
    }
    TxStatus status = client.awaitCommitted(tx.hash(), timeout);
    if (!status.committed()) {
      throw new IllegalStateException(
          tx.hash().toHex() + " was not committed within " + timeout + ": " + status.state());
    }
    if (!status.commit().ok()) {
      throw new IllegalStateException(
          tx.hash().toHex()
              + " failed: "
              + status.commit().code()
              + " "
              + status.commit().message());
    }
    return status;
  }

  /** Stops the providers, the event streams and the node; a second call does nothing. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    List<Exception> failures = new ArrayList<>();
    closeAll(providers, failures);
    closeAll(streams, failures);
    try {
      node.close();
    } catch (RuntimeException e) {
      failures.add(e);
    }
    throwIfAny(failures);
  }

  private static void closeAll(List<AutoCloseable> closeables, List<Exception> failures) {
    for (AutoCloseable closeable : closeables) {
      try {
        closeable.close();
      } catch (Exception e) {
        failures.add(e);
      }
    }
    closeables.clear();
  }

  private static void throwIfAny(List<Exception> failures) {
    if (failures.isEmpty()) {
      return;
    }
    IllegalStateException stop =
        new IllegalStateException(
            "cannot stop the local network cleanly: " + failures.getFirst(), failures.getFirst());
    failures.subList(1, failures.size()).forEach(stop::addSuppressed);
    throw stop;
  }

  /**
   * What a local network starts from: either a genesis given whole, or one made of a chain id, a
   * start time, the funded accounts, the parameters and the verification pool; and the node's port,
   * block interval and signature-verifying threads.
   */
  public static final class Builder {
    private final Path nodeDir;
    private String chainId = "gridwork-local";
    private long genesisTimeMillis = System.currentTimeMillis();
    private final List<GenesisAccount> accounts = new ArrayList<>();
    private Params params = Params.defaults();
    private long verificationPool;
    private Genesis genesis;
    private int apiPort;
    private long blockIntervalMillis = NodeConfig.DEFAULT_BLOCK_INTERVAL_MILLIS;
    private Integer verifyThreads;
    private BiFunction<NodeConfig, Genesis, Node> nodeStarter = Node::start;

    private Builder(Path nodeDir) {
      this.nodeDir = Objects.requireNonNull(nodeDir, "nodeDir");
    }

    public Builder chainId(String chainId) {
      this.chainId = chainId;
      return this;
    }

    /** A fixed genesis time makes a test's chain the same on every run. */
    public Builder genesisTime(long millis) {
      this.genesisTimeMillis = millis;
      return this;
    }

    /** Gives {@code address} {@code ugrid} at genesis. */
    public Builder fund(Address address, long ugrid) {
      accounts.add(new GenesisAccount(address, ugrid));
      return this;
    }

    /** Gives each of {@code keys} {@code ugrid} at genesis. */
    public Builder fund(Collection<KeyPair> keys, long ugrid) {
      keys.forEach(k -> fund(k.address(), ugrid));
      return this;
    }

    public Builder params(Params params) {
      this.params = params;
      return this;
    }

    /** The parameters as {@code change} makes them from the current ones. */
    public Builder params(UnaryOperator<Params> change) {
      this.params = change.apply(params);
      return this;
    }

    /** Seeds the pool that pays auditors; with none, every audit is skipped as POOL_SHORT. */
    public Builder verificationPool(long ugrid) {
      this.verificationPool = ugrid;
      return this;
    }

    /**
     * Starts the chain from {@code genesis} as given (a devnet resuming a kept chain), instead of
     * one made of the chain id, time, accounts, parameters and pool set here.
     */
    public Builder genesis(Genesis genesis) {
      this.genesis = genesis;
      return this;
    }

    /** The API's port; 0 (the default) picks a free one. */
    public Builder apiPort(int port) {
      this.apiPort = port;
      return this;
    }

    public Builder blockIntervalMillis(long millis) {
      this.blockIntervalMillis = millis;
      return this;
    }

    /** Threads that check signatures; tests use one, leaving the cores to agents and units. */
    public Builder verifyThreads(int threads) {
      this.verifyThreads = threads;
      return this;
    }

    /**
     * How the node starts; the default is {@link Node#start}. The devnet passes one that turns a
     * start failure into a message for its user.
     */
    public Builder nodeStarter(BiFunction<NodeConfig, Genesis, Node> starter) {
      this.nodeStarter = starter;
      return this;
    }

    /** The genesis the network will start from. */
    public Genesis genesis() {
      return genesis != null
          ? genesis
          : new Genesis(chainId, genesisTimeMillis, accounts, params)
              .withVerificationPool(verificationPool);
    }

    public LocalNetwork start() {
      NodeConfig config =
          NodeConfig.defaults(nodeDir)
              .withApiPort(apiPort)
              .withBlockIntervalMillis(blockIntervalMillis);
      if (verifyThreads != null) {
        config = config.withVerifyThreads(verifyThreads);
      }
      return new LocalNetwork(genesis(), config, nodeStarter);
    }
  }
}
