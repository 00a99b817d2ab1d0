package io.gridwork.bench.market;

import io.gridwork.agent.daemon.Agent;
import io.gridwork.agent.daemon.AgentConfig;
import io.gridwork.chain.genesis.LivenessParams;
import io.gridwork.chain.genesis.MarketParams;
import io.gridwork.chain.genesis.Params;
import io.gridwork.client.GridworkClient;
import io.gridwork.client.SubmitResult;
import io.gridwork.localnet.LocalNetwork;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.spec.JobSpecYaml;
import io.gridwork.protocol.spec.SpecResult;
import io.gridwork.protocol.tx.CreateJob;
import io.gridwork.protocol.tx.JobIds;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.protocol.tx.Transaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Loads a devnet-like marketplace (a real node, provider agents with simulated GPUs running trivial
 * units in the real sandbox) with many single-unit jobs from several buyers, and measures jobs per
 * second from CreateJob submitted to the last unit paid, and how long auctions take.
 *
 * <p>Threads: the event stream's thread records what blocks say in concurrent maps; the calling
 * thread submits and waits.
 */
public final class MarketBenchmark {
  private static final String CHAIN_ID = "gridwork-bench-market";
  private static final long GRID = 1_000_000;

  /** The heartbeat cadence the genesis sets; agents read it from the chain and keep to it. */
  private static final long HEARTBEAT_INTERVAL_BLOCKS = 50;

  private static final long DEPOSIT = 10_000;

  private static final String JOB =
      """
      name: bench
      units: 1
      workload:
        process:
          command: [sh, -c, "echo ${UNIT} > out.txt"]
      resources:
        gpu:
          count: 1
        cpu: 100m
        memory: 256Mi
        disk: 64Mi
      placement:
        allowSimulated: true
      pricing:
        maxPricePerUnit: 0.01GRID
        deposit: 0.01GRID
      outputs: [out.txt]
      limits:
        unitTimeoutSeconds: 60
        maxOutputBytesPerUnit: 1Mi
      """;

  private final MarketBenchOptions options;
  private final Consumer<String> progress;
  private final JobTimeline timeline = new JobTimeline();

  public MarketBenchmark(MarketBenchOptions options, Consumer<String> progress) {
    this.options = options;
    this.progress = progress;
  }

  public MarketBenchResult run() throws IOException, InterruptedException {
    boolean temporary = options.dataDir() == null;
    Path dir = temporary ? Files.createTempDirectory("gridwork-bench-market-") : options.dataDir();
    List<KeyPair> buyers = keys("buyer", options.buyers());
    List<KeyPair> providers = keys("provider", options.agents());
    try (LocalNetwork network =
        LocalNetwork.builder(dir.resolve("node"))
            .chainId(CHAIN_ID)
            .fund(buyers, 1_000_000 * GRID)
            .fund(providers, 1_000_000 * GRID)
            .params(params())
            .blockIntervalMillis(options.blockIntervalMillis())
            .start()) {
      return measure(network, buyers, providers, dir);
    } finally {
      if (temporary) {
        deleteRecursively(dir);
      }
    }
  }

  private MarketBenchResult measure(
      LocalNetwork network, List<KeyPair> buyers, List<KeyPair> providers, Path dir)
      throws IOException, InterruptedException {
    GridworkClient client = network.client();
    progress.accept("starting " + options.agents() + " agents");
    for (int i = 0; i < providers.size(); i++) {
      network.startProvider(this::startAgent, providers.get(i), dir.resolve("agent-" + i));
    }
    JobSpec spec = spec();
    long fee = client.params().minFee();
    int total = options.warmupJobs() + options.jobs();
    List<SignedTransaction> txs = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      KeyPair buyer = buyers.get(i % buyers.size());
      long nonce = i / buyers.size();
      txs.add(
          new Transaction(CHAIN_ID, buyer.publicKey(), nonce, fee, new CreateJob(spec))
              .sign(buyer));
      ids.add(JobIds.jobId(buyer.address(), nonce).toHex());
    }
    Set<String> warmupIds = new HashSet<>(ids.subList(0, options.warmupJobs()));
    List<String> jobIds = ids.subList(options.warmupJobs(), total);
    CountDownLatch warmupPaid = new CountDownLatch(options.warmupJobs());
    CountDownLatch allPaid = new CountDownLatch(options.jobs());
    try (AutoCloseable events =
        client.events(
            client.status().height() + 1,
            block ->
                timeline
                    .record(block, System.nanoTime())
                    .forEach(j -> (warmupIds.contains(j) ? warmupPaid : allPaid).countDown()))) {
      if (options.warmupJobs() > 0) {
        progress.accept(
            "warm-up: "
                + options.warmupJobs()
                + " jobs, so the JIT compiler has done its work before the timed phase");
        submitPaced(client, txs.subList(0, options.warmupJobs()), System.nanoTime());
        awaitPaid(warmupPaid, options.warmupJobs(), "warm-up");
      }
      progress.accept(
          "timed phase: "
              + options.jobs()
              + " single-unit jobs offered at "
              + options.jobsPerSecond()
              + " per second");
      long start = System.nanoTime();
      long cpuAtStart = processCpuNanos();
      submitPaced(client, txs.subList(options.warmupJobs(), total), start);
      awaitPaid(allPaid, options.jobs(), "timed");
      long last = jobIds.stream().mapToLong(timeline::paidAtNanos).max().orElseThrow();
      double cpuMillisPerJob = (processCpuNanos() - cpuAtStart) / 1e6 / options.jobs();
      List<Long> auctions = timeline.auctionMillis(jobIds);
      return new MarketBenchResult(
          options.jobs(),
          (last - start) / 1e9,
          JobTimeline.percentile(auctions, 50),
          JobTimeline.percentile(auctions, 99),
          options.bidWindowBlocks() * options.blockIntervalMillis(),
          timeline.stages(jobIds, cpuMillisPerJob));
    } catch (IOException | InterruptedException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop following the node's events", e);
    }
  }

  private void awaitPaid(CountDownLatch paid, int jobs, String phase) throws InterruptedException {
    Duration limit = Duration.ofSeconds(60 + jobs / 5);
    if (!paid.await(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(
          (jobs - paid.getCount())
              + " of "
              + jobs
              + " "
              + phase
              + " jobs had their unit paid within "
              + limit.toSeconds()
              + " s");
    }
  }

  /**
   * Submits one batch per block interval, each the jobs due by then at the offered rate, so the
   * marketplace sees a steady stream.
   */
  private void submitPaced(GridworkClient client, List<SignedTransaction> txs, long start)
      throws InterruptedException {
    long intervalNanos = TimeUnit.MILLISECONDS.toNanos(options.blockIntervalMillis());
    int sent = 0;
    for (long tick = 0; sent < txs.size(); tick++) {
      long due = start + tick * intervalNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      double elapsedSeconds = (tick + 1) * options.blockIntervalMillis() / 1000.0;
      int until = (int) Math.min(txs.size(), Math.round(elapsedSeconds * options.jobsPerSecond()));
      if (until > sent) {
        for (SubmitResult result : client.submitBatch(txs.subList(sent, until))) {
          if (result instanceof SubmitResult.Rejected rejected) {
            throw new IllegalStateException(
                "the node refused a CreateJob: " + rejected.code() + " " + rejected.message());
          }
        }
        sent = until;
      }
    }
  }

  private Agent startAgent(String url, KeyPair key, Path home) {
    Map<String, Object> settings = new HashMap<>();
    settings.put("node", url);
    settings.put("simulateGpus", "rtx4090:" + options.gpusPerAgent());
    settings.put("unitsPerGpu", 1);
    settings.put("maxConcurrentUnits", options.gpusPerAgent());
    settings.put("estimatedUnitSeconds", 1);
    AgentConfig config = AgentConfig.parse(home, "", settings);
    return Agent.start(config, home, key, Agent.detectOffer(config), Optional.empty());
  }

  private Params params() {
    // As many auction rounds as the ledger allows: a job none of the busy agents bid on in one
    // window waits for the next instead of closing, so every job is eventually run.
    MarketParams market =
        new MarketParams(
            options.bidWindowBlocks(),
            64,
            MarketParams.MAX_AUCTION_ROUNDS,
            DEPOSIT,
            100,
            1_000,
            options.blockIntervalMillis());
    // The ledger expects heartbeats at the agents' cadence, with the default grace and timeout in
    // proportion, so no lease is suspended while its agent is healthy.
    LivenessParams d = LivenessParams.defaults();
    long grace = d.heartbeatGraceBlocks() / d.heartbeatIntervalBlocks();
    long timeout = d.heartbeatTimeoutBlocks() / d.heartbeatIntervalBlocks();
    LivenessParams liveness =
        new LivenessParams(
            HEARTBEAT_INTERVAL_BLOCKS,
            grace * HEARTBEAT_INTERVAL_BLOCKS,
            timeout * HEARTBEAT_INTERVAL_BLOCKS,
            d.standardUptimeBps(),
            d.standardCompensationPerGpu(),
            d.premiumUptimeBps(),
            d.premiumCompensationPerGpu());
    return Params.defaults().withMarket(market).withLiveness(liveness);
  }

  private static JobSpec spec() {
    return switch (JobSpecYaml.parse(JOB)) {
      case SpecResult.Valid valid -> valid.spec();
      case SpecResult.Invalid invalid ->
          throw new IllegalStateException("the benchmark's job is invalid: " + invalid.errors());
    };
  }

  /**
   * CPU time of this process (node, agents, benchmark) so far; the units' sandboxes are child
   * processes and not counted.
   */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static List<KeyPair> keys(String role, int n) {
    List<KeyPair> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      keys.add(KeyPair.fromLabel("bench-market/" + role + "/" + i));
    }
    return keys;
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the benchmark directory " + dir, e);
    }
  }
}
