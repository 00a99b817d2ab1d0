package io.gridwork.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridwork.api.JobInfo;
import io.gridwork.api.LeaseInfo;
import io.gridwork.api.TxStatus;
import io.gridwork.chain.genesis.AuditParams;
import io.gridwork.chain.genesis.LivenessParams;
import io.gridwork.chain.genesis.MarketParams;
import io.gridwork.chain.genesis.Params;
import io.gridwork.client.GridworkClient;
import io.gridwork.localnet.LocalNetwork;
import io.gridwork.node.Node;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.market.JobStatus;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.spec.Limits;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.testkit.JobSpecBuilder;
import io.gridwork.testkit.TestKeys;
import io.gridwork.testkit.TxFactory;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The shared local network set up for agent tests: a node with 100 ms blocks and funded keys, and
 * agents started in this JVM with simulated GPUs. Each test tags its agents and jobs with its own
 * {@code pool} attribute, so agents of one test never bid on another's jobs.
 *
 * <p>Registered as an extension ({@link #sandboxed()}), one network serves a whole test class: it
 * starts in its own temporary directory before the first test, stops the agents after each test and
 * closes and deletes its directory after the last. Built with a constructor, it starts at once and
 * the test closes it.
 */
final class TestNetwork
    implements AutoCloseable, BeforeAllCallback, AfterEachCallback, AfterAllCallback {
  static final String CHAIN_ID = "gridwork-agent-test";
  static final long GRID = 1_000_000;
  static final Duration TIMEOUT = Duration.ofSeconds(90);
  static final KeyPair BUYER = TestKeys.key("agentd-buyer");
  static final List<KeyPair> PROVIDERS = TestKeys.keys("agentd-provider", 12);
  private static final String NO_BWRAP =
      "bwrap is not installed (apt-get install bubblewrap): agent runs cannot be tested";

  final TxFactory txs = new TxFactory(CHAIN_ID);
  private final UnaryOperator<Params> params;
  private final long verificationPool;
  private final long blockIntervalMillis;
  private final boolean needsBwrap;
  GridworkClient client;
  private LocalNetwork network;
  private Path dir;

  TestNetwork(Path dataDir) {
    this(dataDir, UnaryOperator.identity(), 0);
  }

  /**
   * A network whose parameters are the test defaults changed by {@code params}, with {@code
   * verificationPool} ugrid to pay auditors (none: every audit is skipped as POOL_SHORT).
   */
  TestNetwork(Path dataDir, UnaryOperator<Params> params, long verificationPool) {
    this(dataDir, params, verificationPool, 100);
  }

  /** Like the others, with a block every {@code blockIntervalMillis}. */
  TestNetwork(
      Path dataDir, UnaryOperator<Params> params, long verificationPool, long blockIntervalMillis) {
    this(params, verificationPool, blockIntervalMillis, false);
    start(dataDir);
  }

  private TestNetwork(
      UnaryOperator<Params> params,
      long verificationPool,
      long blockIntervalMillis,
      boolean needsBwrap) {
    this.params = params;
    this.verificationPool = verificationPool;
    this.blockIntervalMillis = blockIntervalMillis;
    this.needsBwrap = needsBwrap;
  }

  /** A network for a test class whose agents run units in the bwrap sandbox. */
  static TestNetwork sandboxed() {
    return sandboxed(UnaryOperator.identity(), 0);
  }

  /** Like {@link #sandboxed()}, with the parameters and auditor pool of the constructors. */
  static TestNetwork sandboxed(UnaryOperator<Params> params, long verificationPool) {
    return new TestNetwork(params, verificationPool, 100, true);
  }

  /**
   * A sandboxed network that audits a new provider's every unit, gives an auditor 100 blocks of 100
   * ms and holds 1,000 GRID to pay auditors.
   */
  static TestNetwork audited() {
    AuditParams audit =
        new AuditParams(5, 1_000_000, 20_000, 30, 100, 3, 500, 1_000, 5_000, 100_000);
    return sandboxed(params -> params.withAudit(audit), 1_000 * GRID);
  }

  /** A network for a test class whose agents run no sandboxed unit (containers, transactions). */
  static TestNetwork unsandboxed() {
    return unsandboxed(UnaryOperator.identity(), 0);
  }

  /** Like {@link #unsandboxed()}, with the parameters and auditor pool of the constructors. */
  static TestNetwork unsandboxed(UnaryOperator<Params> params, long verificationPool) {
    return new TestNetwork(params, verificationPool, 100, false);
  }

  private void start(Path dataDir) {
    // A bid window of 20 blocks of 100 ms leaves agents two seconds to see a job and bid.
    Params base = Params.defaults().withMarket(new MarketParams(20, 64, 3, GRID, 100, GRID, 1_000));
    network =
        LocalNetwork.builder(dataDir)
            .chainId(CHAIN_ID)
            .genesisTime(1_700_000_000_000L)
            .fund(BUYER.address(), 100_000 * GRID)
            .fund(PROVIDERS, 10_000 * GRID)
            .params(params.apply(base))
            .verificationPool(verificationPool)
            .blockIntervalMillis(blockIntervalMillis)
            .verifyThreads(1)
            .start();
    client = network.client();
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    if (needsBwrap) {
      assertThat(onPath("bwrap")).as(NO_BWRAP).isTrue();
    }
    dir = Files.createTempDirectory("gridwork-agent-test");
    start(dir.resolve("node"));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (network != null) {
      stopAgents();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (network != null) {
      close();
    }
    if (dir != null) {
      delete(dir);
    }
  }

  /** A path named {@code name} in {@link #dir()}, for an agent home or a file. */
  Path dir(String name) {
    return dir.resolve(name);
  }

  /** This class's temporary directory, deleted after its last test. */
  Path dir() {
    return dir;
  }

  Node node() {
    return network.node();
  }

  /**
   * Stops the node and starts a new one on the same data directory and port, as an operator's
   * restart does: the chain is kept, the mempool is not.
   */
  void restartNode() {
    network.restartNode();
  }

  String url() {
    return network.url();
  }

  /** Settings for an agent in {@code pool} with one simulated RTX 4090 and fast heartbeats. */
  Map<String, Object> settings(String pool) {
    Map<String, Object> s = new HashMap<>();
    s.put("node", url());
    s.put("simulateGpus", "rtx4090:1");
    s.put("attributes", Map.of("pool", pool));
    s.put("unitsPerGpu", 2);
    return s;
  }

  Agent startAgent(Path home, KeyPair key, Map<String, Object> settings) {
    return startAgent(home, key, settings, ResultPolicy.HONEST);
  }

  /** An agent that reports what {@code policy} says: a liar or a silent auditor for tests. */
  Agent startAgent(Path home, KeyPair key, Map<String, Object> settings, ResultPolicy policy) {
    AgentConfig config = AgentConfig.parse(home, "", settings);
    try {
      return network.startProvider(
          (url, k, h) ->
              Agent.start(config, h, k, Agent.detectOffer(config), Optional.empty(), policy),
          key,
          home);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A batch job for {@code pool} whose units run {@code script} under sh, one output each. */
  static JobSpec job(String pool, int units, String script) {
    return jobBuilder(pool, units, script).build();
  }

  /** The builder of {@link #job}, for a test that changes one part of it. */
  static JobSpecBuilder jobBuilder(String pool, int units, String script) {
    return JobSpecBuilder.batch(units, GRID, units * GRID)
        .name("agent-test-" + pool)
        .allowSimulated()
        .attribute("pool", pool)
        .command(List.of("sh", "-c", script))
        .outputs("out-${UNIT}.txt")
        .limits(new Limits(60, 1 << 20));
  }

  TxStatus commit(SignedTransaction tx) {
    return network.commit(tx, TIMEOUT);
  }

  /** Posts {@code spec} as the buyer and returns the new job's id once it is committed. */
  Hash postJob(JobSpec spec) {
    Hash id = txs.nextJobId(BUYER);
    commit(txs.createJob(BUYER, spec));
    return id;
  }

  /** Waits until job {@code jobId} has {@code status} and returns it as it then is. */
  JobInfo awaitStatus(Hash jobId, JobStatus status) {
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> client.job(jobId).orElseThrow().status() == status);
    return client.job(jobId).orElseThrow();
  }

  /** Waits until job {@code jobId} has a lease and returns its first. */
  LeaseInfo awaitLease(Hash jobId) {
    await().atMost(TIMEOUT).until(() -> !client.leases(jobId).isEmpty());
    return client.leases(jobId).getFirst();
  }

  /** Waits until {@code agent} reports the service of lease {@code lease} as live. */
  static void awaitLive(Agent agent, Hash lease) {
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                agent.services().containsKey(lease)
                    && agent.services().get(lease).state().equals("LIVE"));
  }

  /** The text of blob {@code blob} of job {@code jobId}, downloaded as the buyer. */
  String download(Hash jobId, Hash blob) throws IOException {
    Path target = Files.createTempFile(dir, "out", ".txt");
    assertThat(client.downloadBlob(jobId, BUYER, blob, target)).isTrue();
    return Files.readString(target, StandardCharsets.UTF_8);
  }

  /** Stops every agent started so far, so the next test's jobs meet only its own agents. */
  void stopAgents() {
    network.stopProviders();
  }

  @Override
  public void close() {
    network.close();
  }

  /**
   * The default liveness params but for heartbeats every {@code interval} blocks, suspension after
   * {@code grace} silent blocks and closing after {@code timeout}.
   */
  static UnaryOperator<Params> heartbeats(long interval, long grace, long timeout) {
    LivenessParams d = LivenessParams.defaults();
    LivenessParams liveness =
        new LivenessParams(
            interval,
            grace,
            timeout,
            d.standardUptimeBps(),
            d.standardCompensationPerGpu(),
            d.premiumUptimeBps(),
            d.premiumCompensationPerGpu());
    return params -> params.withLiveness(liveness);
  }

  static boolean onPath(String program) {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }

  static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
    Map<String, Object> copy = new HashMap<>(base);
    copy.put(key, value);
    return copy;
  }

  /** Deletes {@code root}, making read-only directories a unit left behind writable first. */
  private static void delete(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.map(Path::toFile).filter(File::isDirectory).forEach(d -> d.setWritable(true, true));
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
