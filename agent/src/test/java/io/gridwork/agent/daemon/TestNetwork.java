package io.gridwork.agent.daemon;

import io.gridwork.api.TxStatus;
import io.gridwork.chain.genesis.LivenessParams;
import io.gridwork.chain.genesis.MarketParams;
import io.gridwork.chain.genesis.Params;
import io.gridwork.client.GridworkClient;
import io.gridwork.localnet.LocalNetwork;
import io.gridwork.node.Node;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.spec.Limits;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.testkit.JobSpecBuilder;
import io.gridwork.testkit.TestKeys;
import io.gridwork.testkit.TxFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The shared local network set up for agent tests: a node with 100 ms blocks and funded keys, and
 * agents started in this JVM with simulated GPUs. Each test tags its agents and jobs with its own
 * {@code pool} attribute, so agents of one test never bid on another's jobs.
 */
final class TestNetwork implements AutoCloseable {
  static final String CHAIN_ID = "gridwork-agent-test";
  static final long GRID = 1_000_000;
  static final Duration TIMEOUT = Duration.ofSeconds(90);
  static final KeyPair BUYER = TestKeys.key("agentd-buyer");
  static final List<KeyPair> PROVIDERS = TestKeys.keys("agentd-provider", 12);

  final GridworkClient client;
  final TxFactory txs = new TxFactory(CHAIN_ID);
  private final LocalNetwork network;

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
    return JobSpecBuilder.batch(units, GRID, units * GRID)
        .name("agent-test-" + pool)
        .allowSimulated()
        .attribute("pool", pool)
        .command(List.of("sh", "-c", script))
        .outputs("out-${UNIT}.txt")
        .limits(new Limits(60, 1 << 20))
        .build();
  }

  TxStatus commit(SignedTransaction tx) {
    return network.commit(tx, TIMEOUT);
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
}
