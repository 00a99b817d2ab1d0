package io.gridwork.bench.ledger;

import io.gridwork.api.NodeStatus;
import io.gridwork.chain.genesis.Genesis;
import io.gridwork.chain.genesis.GenesisAccount;
import io.gridwork.chain.genesis.Params;
import io.gridwork.client.GridworkClient;
import io.gridwork.client.SubmitResult;
import io.gridwork.node.Node;
import io.gridwork.node.NodeConfig;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.protocol.tx.Transaction;
import io.gridwork.protocol.tx.Transfer;
import io.gridwork.protocol.tx.TxCodec;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Drives signed transfers from many accounts through a real node over its HTTP API and compares the
 * committed rate with the Ed25519 verification rate of the same machine and thread count: signature
 * checks are the one per-transaction cost the ledger cannot avoid, so the ratio says how much
 * everything else (HTTP, decoding, mempool, execution, RocksDB) costs beside them.
 *
 * <p>All transactions are signed before the timed phase, since the load generator shares the
 * machine with the node. Only transactions found in committed blocks are counted.
 */
public final class LedgerBenchmark {
  private static final String CHAIN_ID = "gridwork-bench";
  private static final long FEE = 1_000;
  private static final long FUNDING = Amount.grid(1_000).ugrid();
  private static final long COMMIT_TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(5);
  private static final long SETTLE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(20);
  private static final long SETTLE_WINDOW_MILLIS = 200;
  private static final int SETTLED_WINDOWS = 3;
  private static final double SETTLED_CPU_SHARE = 0.1;
  private static final int MAX_WARMUP_ROUNDS = 6;

  /** A warm-up round during which the JIT compiled for less than this share of it ends warm-up. */
  private static final double WARM_COMPILE_SHARE = 0.1;

  private final LedgerBenchOptions options;
  private final Consumer<String> progress;

  public LedgerBenchmark(LedgerBenchOptions options, Consumer<String> progress) {
    this.options = options;
    this.progress = progress;
  }

  public LedgerBenchResult run() throws IOException, InterruptedException {
    boolean tempDir = options.dataDir() == null;
    Path dir = tempDir ? Files.createTempDirectory("gridwork-bench") : options.dataDir();
    try {
      return runIn(dir);
    } finally {
      if (tempDir) {
        deleteRecursively(dir);
      }
    }
  }

  private LedgerBenchResult runIn(Path dir) throws InterruptedException {
    int warmupAccounts =
        options.warmupTxs() == 0
            ? 0
            : Math.max(2, Math.ceilDiv(options.warmupTxs(), options.txsPerAccount()));
    List<KeyPair> senders = keys("bench-sender", options.accounts());
    List<KeyPair> warmupSenders = keys("bench-warmup", warmupAccounts);

    List<GenesisAccount> funded = new ArrayList<>();
    Stream.concat(senders.stream(), warmupSenders.stream())
        .forEach(k -> funded.add(new GenesisAccount(k.address(), FUNDING)));
    Genesis genesis = new Genesis(CHAIN_ID, System.currentTimeMillis(), funded, Params.defaults());

    progress.accept(
        "signing " + options.totalTxs() + " transfers from " + options.accounts() + " accounts");
    byte[][] timed = signRounds(senders, 0);

    int pending = Math.addExact(timed.length, warmupAccounts * options.txsPerAccount());
    NodeConfig config =
        NodeConfig.defaults(dir)
            .withApiPort(0)
            .withBlockIntervalMillis(options.blockIntervalMillis())
            .withMaxTxsPerBlock(options.maxTxsPerBlock())
            .withMempoolMaxTxs(Math.max(NodeConfig.DEFAULT_MEMPOOL_MAX_TXS, pending))
            .withMaxBatchTxs(Math.max(NodeConfig.DEFAULT_MAX_BATCH_TXS, options.batchSize()))
            .withVerifyThreads(options.verifyThreads());

    try (Node node = Node.start(config, genesis)) {
      GridworkClient client = new GridworkClient("http://127.0.0.1:" + node.apiPort());
      if (warmupAccounts > 0) {
        warmUp(client, warmupSenders);
      }

      awaitSettled();
      progress.accept("measuring Ed25519 verification on " + options.verifyThreads() + " threads");
      VerifyRate before = verifyRate(timed, options.verifyThreads(), options.verifyMillis());

      awaitSettled();
      progress.accept("timed phase: " + timed.length + " transfers");
      long from = client.status().height() + 1;
      long start = System.nanoTime();
      long cpuStart = processCpuNanos();
      Load load = submit(client, timed);
      Drained drained = awaitDrained(client);
      double seconds = (drained.observedAtNanos() - start) / 1e9;
      progress.accept("mempool drained; counting the committed transactions");
      Committed committed =
          countCommitted(client, from, drained.height(), timed.length - load.rejected());

      awaitSettled();
      progress.accept("measuring Ed25519 verification again");
      // Measured on both sides of the timed phase so a passing disturbance of the machine
      // weighs on both figures alike.
      VerifyRate after = verifyRate(timed, options.verifyThreads(), options.verifyMillis());
      return new LedgerBenchResult(
          committed.txs(),
          load.rejected(),
          seconds,
          committed.txs() / seconds,
          (before.perSecond() + after.perSecond()) / 2,
          options.verifyThreads(),
          committed.blocks(),
          (drained.cpuAtNanos() - cpuStart) / 1e3 / Math.max(1, committed.txs()),
          (before.cpuMicrosEach() + after.cpuMicrosEach()) / 2);
    }
  }

  private static List<KeyPair> keys(String prefix, int n) {
    return IntStream.range(0, n).mapToObj(i -> KeyPair.fromLabel(prefix + "-" + i)).toList();
  }

  /**
   * Runs the node through rounds of warm-up transfers until the JIT compiles little during one (or
   * {@link #MAX_WARMUP_ROUNDS} have run): code that runs per batch or per block only reaches the
   * optimising compiler after many transactions, later still when the compiler has a queue, and
   * compiling it inside the timed phase would be measured as the node's work.
   */
  private void warmUp(GridworkClient client, List<KeyPair> senders) throws InterruptedException {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    for (int round = 0; round < MAX_WARMUP_ROUNDS; round++) {
      byte[][] txs = signRounds(senders, (long) round * options.txsPerAccount());
      progress.accept("warm-up round " + (round + 1) + ": " + txs.length + " transfers");
      long compiledBefore = compileMillis(jit);
      long started = System.nanoTime();
      submit(client, txs);
      awaitDrained(client);
      double compiling =
          TimeUnit.MILLISECONDS.toNanos(compileMillis(jit) - compiledBefore)
              / (double) (System.nanoTime() - started);
      progress.accept(
          String.format(
              Locale.ROOT,
              "warm-up round %d: the JIT compiled %.0f%% of it",
              round + 1,
              100 * compiling));
      if (compiling < WARM_COMPILE_SHARE) {
        return;
      }
    }
    progress.accept("the JIT was still compiling after " + MAX_WARMUP_ROUNDS + " warm-up rounds");
  }

  /** Milliseconds the JIT has spent compiling, or 0 where the JVM does not tell. */
  private static long compileMillis(CompilationMXBean jit) {
    return jit != null && jit.isCompilationTimeMonitoringSupported()
        ? jit.getTotalCompilationTime()
        : 0;
  }

  /**
   * Signs every sender's transfers with nonces from {@code firstNonce} on and orders them round by
   * round (every sender's first nonce, then every sender's second, …) so that the mempool always
   * holds executable transactions.
   */
  private byte[][] signRounds(List<KeyPair> senders, long firstNonce) {
    int n = senders.size();
    int perAccount = options.txsPerAccount();
    byte[][] out = new byte[n * perAccount][];
    IntStream.range(0, n)
        .parallel()
        .forEach(
            a -> {
              KeyPair key = senders.get(a);
              for (int i = 0; i < perAccount; i++) {
                KeyPair to = senders.get((a + 1 + i) % n);
                SignedTransaction stx =
                    new Transaction(
                            CHAIN_ID,
                            key.publicKey(),
                            firstNonce + i,
                            FEE,
                            new Transfer(to.address(), 1))
                        .sign(key);
                out[i * n + a] = stx.encode();
              }
            });
    return out;
  }

  private record Load(long rejected) {}

  private Load submit(GridworkClient client, byte[][] txs) throws InterruptedException {
    int batch = options.batchSize();
    int batches = Math.ceilDiv(txs.length, batch);
    AtomicInteger next = new AtomicInteger();
    AtomicLong rejected = new AtomicLong();
    List<String> firstRejections = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(options.submitters())) {
      List<Future<?>> futures = new ArrayList<>();
      for (int s = 0; s < options.submitters(); s++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
                    int from = b * batch;
                    byte[][] chunk = new byte[Math.min(batch, txs.length - from)][];
                    System.arraycopy(txs, from, chunk, 0, chunk.length);
                    for (SubmitResult r : client.submitBatch(chunk)) {
                      if (r instanceof SubmitResult.Rejected rej) {
                        rejected.incrementAndGet();
                        synchronized (firstRejections) {
                          if (firstRejections.size() < 3) {
                            firstRejections.add(rej.code() + ": " + rej.message());
                          }
                        }
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("submitting to the node failed: " + e.getCause(), e);
        }
      }
    }
    if (rejected.get() > 0) {
      progress.accept(rejected.get() + " transactions rejected, e.g. " + firstRejections);
    }
    return new Load(rejected.get());
  }

  /** The moment the node's mempool was seen empty, and the chain's height then. */
  private record Drained(long height, long observedAtNanos, long cpuAtNanos) {}

  /**
   * Waits until the node's mempool has drained. The drain is observed through the cheap status
   * route so that the timed phase does not also make the node serve whole blocks.
   */
  private static Drained awaitDrained(GridworkClient client) throws InterruptedException {
    long deadline = System.nanoTime() + COMMIT_TIMEOUT_NANOS;
    NodeStatus status = client.status();
    while (status.mempoolSize() > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            status.mempoolSize() + " transactions still pending after the time limit");
      }
      Thread.sleep(5);
      status = client.status();
    }
    return new Drained(status.height(), System.nanoTime(), processCpuNanos());
  }

  private record Committed(long txs, long blocks) {}

  /**
   * Counts the transactions of every block from {@code fromHeight} to {@code toHeight}, read from
   * the committed blocks themselves after the clock has stopped.
   */
  private Committed countCommitted(
      GridworkClient client, long fromHeight, long toHeight, long expected) {
    long txs = 0;
    for (long h = fromHeight; h <= toHeight; h++) {
      long height = h;
      txs +=
          client
              .block(height)
              .orElseThrow(() -> new IllegalStateException("the node lost block " + height))
              .txs()
              .size();
    }
    if (txs < expected) {
      progress.accept(
          (expected - txs) + " admitted transactions never reached a block; counting only " + txs);
    }
    return new Committed(txs, toHeight - fromHeight + 1);
  }

  /**
   * Verifications per second, and the process CPU time each took: the machine is shared, so the CPU
   * time per committed transaction against that per verification tells work from waiting.
   */
  record VerifyRate(double perSecond, double cpuMicrosEach) {}

  /**
   * Ed25519 verifications per second over the benchmark's own transactions, with the same
   * BouncyCastle code the node uses, on {@code threads} threads at once.
   */
  static VerifyRate verifyRate(byte[][] encoded, int threads, long millis)
      throws InterruptedException {
    int n = Math.min(encoded.length, 20_000);
    List<SignedTransaction> txs = new ArrayList<>(n);
    List<byte[]> unsigned = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      SignedTransaction stx = decode(encoded[i]);
      txs.add(stx);
      unsigned.add(TxCodec.encodeUnsigned(stx.tx()));
    }
    List<byte[]> signatures = txs.stream().map(SignedTransaction::signature).toList();
    long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
    runVerifiers(txs, unsigned, signatures, threads, nanos / 3);
    long start = System.nanoTime();
    long cpuStart = processCpuNanos();
    long count = runVerifiers(txs, unsigned, signatures, threads, nanos);
    long cpu = processCpuNanos() - cpuStart;
    return new VerifyRate(count / ((System.nanoTime() - start) / 1e9), cpu / 1e3 / count);
  }

  /**
   * Waits until this process is nearly idle (at most {@link #SETTLED_CPU_SHARE} of a core over
   * {@link #SETTLED_WINDOWS} consecutive windows), so that no measurement pays for the JIT
   * compiling, or the collector cleaning up after, what ran before it. Gives up after {@link
   * #SETTLE_LIMIT_NANOS} on a machine too busy to tell.
   */
  private void awaitSettled() throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE_LIMIT_NANOS;
    int quiet = 0;
    while (quiet < SETTLED_WINDOWS) {
      if (System.nanoTime() > deadline) {
        progress.accept("the process did not settle (JIT or GC still busy); measuring anyway");
        return;
      }
      long cpu = processCpuNanos();
      long wall = System.nanoTime();
      Thread.sleep(SETTLE_WINDOW_MILLIS);
      double share = (processCpuNanos() - cpu) / (double) (System.nanoTime() - wall);
      quiet = share <= SETTLED_CPU_SHARE ? quiet + 1 : 0;
    }
  }

  /** CPU time of this process: the node, the load and the verifications share it. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long runVerifiers(
      List<SignedTransaction> txs,
      List<byte[]> unsigned,
      List<byte[]> signatures,
      int threads,
      long nanos)
      throws InterruptedException {
    AtomicLong total = new AtomicLong();
    long end = System.nanoTime() + nanos;
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int offset = t;
      workers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    long count = 0;
                    for (int i = offset; System.nanoTime() < end; i = (i + threads) % txs.size()) {
                      if (!txs.get(i).tx().sender().verify(unsigned.get(i), signatures.get(i))) {
                        throw new IllegalStateException("a benchmark signature did not verify");
                      }
                      count++;
                    }
                    total.addAndGet(count);
                  }));
    }
    for (Thread w : workers) {
      w.join();
    }
    return total.get();
  }

  private static SignedTransaction decode(byte[] bytes) {
    return switch (TxCodec.decode(bytes)) {
      case io.gridwork.protocol.tx.DecodeResult.Ok ok -> ok.tx();
      case io.gridwork.protocol.tx.DecodeResult.Malformed m ->
          throw new IllegalStateException("the benchmark built a malformed transaction: " + m);
    };
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
