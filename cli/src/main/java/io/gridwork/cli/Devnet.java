package io.gridwork.cli;

import static io.gridwork.cli.DevnetAccounts.BUYER;
import static io.gridwork.cli.DevnetAccounts.key;

import io.gridwork.agent.daemon.Agent;
import io.gridwork.agent.daemon.AgentConfig;
import io.gridwork.agent.runtime.SandboxCheck;
import io.gridwork.agent.runtime.SandboxConfig;
import io.gridwork.agent.runtime.SandboxedRunner;
import io.gridwork.api.BlockEvent;
import io.gridwork.api.JobInfo;
import io.gridwork.client.GridworkClient;
import io.gridwork.localnet.LocalNetwork;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.spec.SlaTier;
import io.gridwork.protocol.tx.CreateJob;
import io.gridwork.protocol.tx.JobIds;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * One devnet run: owns the local network (node, agents, block counter) and the temporary directory,
 * and runs the demo job on it from submission to the summary.
 *
 * <p>Threads: the command's thread starts the devnet and runs the demo; the event stream's thread
 * counts blocks; {@link #stop()} may come from the shutdown hook on Ctrl-C.
 */
final class Devnet {
  private static final int UNITS_PER_GPU = 5;
  // Agents turn per-hour prices into per-frame bids with this estimate, close to what one frame of
  // the sample scene takes in a sandbox here.
  private static final long ESTIMATED_UNIT_SECONDS = 4;

  /** What the command line chose for this run. */
  record Settings(
      Path dataDir,
      boolean temporary,
      Path jar,
      int port,
      long blockIntervalMillis,
      Integer exitAfterBlocks,
      long timeoutSeconds,
      String specShown,
      Path outOption) {}

  private final Settings settings;
  private final Path dataDir;
  private final PrintWriter out;
  private final PrintWriter err;
  private final CountDownLatch enoughBlocks;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final List<Agent> agents = new ArrayList<>();
  private final DevnetAudits audits = new DevnetAudits(DevnetAccounts::nameOf);
  private LocalNetwork network;
  private volatile boolean printBlocks;

  Devnet(Settings settings, PrintWriter out, PrintWriter err) {
    this.settings = settings;
    this.dataDir = settings.dataDir();
    this.out = out;
    this.err = err;
    Integer exitAfter = settings.exitAfterBlocks();
    this.enoughBlocks = new CountDownLatch(exitAfter == null ? 1 : exitAfter);
  }

  /** Every frame runs sandboxed or not at all: a host without bubblewrap ends the demo here. */
  void checkSandbox() throws InterruptedException {
    SandboxConfig config = SandboxConfig.forAgent(dataDir.resolve("agents"), List.of());
    if (new SandboxCheck(new SandboxedRunner(config)).run()
        instanceof SandboxCheck.Status.Unavailable unavailable) {
      throw new CommandFailure(
          "the devnet runs every frame in a bubblewrap sandbox, and the sandbox is unavailable"
              + " here: "
              + unavailable.reason());
    }
  }

  void start() throws IOException {
    DevnetGenesis.Chain chain = DevnetGenesis.load(dataDir, settings.blockIntervalMillis());
    out.printf(
        "Gridwork devnet: chain %s, data in %s%s%n",
        chain.genesis().chainId(),
        dataDir,
        settings.temporary() ? " (deleted on exit)" : chain.resumed() ? " (resumed)" : " (kept)");
    out.println();
    out.println("Demo accounts (deterministic test keys: never use them for real funds):");
    Table accounts = new Table("NAME", "ROLE", "ADDRESS");
    for (String name : DevnetAccounts.NAMES) {
      accounts.row(
          name, BUYER.equals(name) ? "buyer" : "provider", DevnetAccounts.address(name).toString());
    }
    out.print(accounts.render());
    out.println();
    out.flush();

    network =
        LocalNetwork.builder(dataDir)
            .genesis(chain.genesis())
            .apiPort(settings.port())
            .blockIntervalMillis(settings.blockIntervalMillis())
            .nodeStarter(NodeLauncher::start)
            .start();
    out.println(
        "Node API: "
            + network.url()
            + " (a block every "
            + settings.blockIntervalMillis()
            + " ms)");
    out.flush();
    network.follow(network.client().status().height() + 1, this::onBlock);
    startAgents();
  }

  private void onBlock(BlockEvent block) {
    audits.record(block);
    if (printBlocks && !block.txs().isEmpty()) {
      out.printf(
          "block %d: %d tx%s%n",
          block.height(), block.txs().size(), block.txs().size() == 1 ? "" : "s");
      out.flush();
    }
    enoughBlocks.countDown();
  }

  private void startAgents() throws IOException {
    out.println();
    out.println("Starting provider agents (simulated GPUs, registered with simulated=true):");
    Table table = new Table("PROVIDER", "GPUS", "REGION", "ASKS PER GPU-HOUR", "STAKE");
    for (DevnetAccounts.DemoProvider provider : DevnetAccounts.PROVIDERS) {
      agents.add(
          network.startProvider(
              (url, key, home) -> startAgent(provider, url, key, home),
              key(provider.name()),
              dataDir.resolve("agents").resolve(provider.name())));
      table.row(
          provider.name(),
          provider.gpus() + " x " + provider.model(),
          provider.region(),
          provider.pricePerGpuHour(),
          Amount.format(DevnetAccounts.PROVIDER_STAKE));
    }
    out.print(table.render());
    out.println("(prices: published USD per GPU-hour, at the devnet rate 1 GRID = 1 USD)");
    out.println();
    out.flush();
  }

  private Agent startAgent(
      DevnetAccounts.DemoProvider provider, String url, KeyPair key, Path home) {
    Map<String, Object> agent = new LinkedHashMap<>();
    agent.put("node", url);
    agent.put("region", provider.region());
    agent.put("tier", SlaTier.STANDARD.wireName());
    agent.put("simulateGpus", provider.model() + ":" + provider.gpus());
    agent.put("prices", Map.of(provider.priceKey(), provider.pricePerGpuHour()));
    agent.put("estimatedUnitSeconds", ESTIMATED_UNIT_SECONDS);
    agent.put("stake", Long.toString(DevnetAccounts.PROVIDER_STAKE));
    agent.put("unitsPerGpu", UNITS_PER_GPU);
    agent.put("gridworkJar", settings.jar().toString());
    AgentConfig config = AgentConfig.parse(home, "", agent);
    return Agent.start(config, home, key, Agent.detectOffer(config), Optional.of(settings.jar()));
  }

  /**
   * Submits the job and follows it to the end; false when {@code --exit-after} blocks passed first.
   */
  boolean runDemo(JobSpec spec) throws Exception {
    GridworkClient client = network.client();
    KeyPair buyer = key(BUYER);
    TxSubmission submission = new TxSubmission(client);
    long nonce = submission.nextNonce(buyer);
    Hash jobId = JobIds.jobId(buyer.address(), nonce);
    out.printf(
        "%s submits %s: %d frames, at most %s per frame, deposit %s%n",
        BUYER,
        settings.specShown(),
        spec.units(),
        Amount.format(spec.pricing().maxPricePerUnit()),
        Amount.format(spec.pricing().deposit()));
    long started = System.nanoTime();
    audits.follow(jobId);
    String failure =
        TxSubmission.failure(
            submission.submit(submission.sign(buyer, new CreateJob(spec), null, nonce), true));
    if (failure != null) {
      throw new CommandFailure("the devnet could not submit the render job: " + failure);
    }
    out.println("job " + jobId.toHex() + " is open for bids");
    out.flush();
    DevnetProgress progress = new DevnetProgress(client, network.url(), audits, agents, out, err);
    Optional<JobInfo> done =
        progress.follow(
            jobId,
            spec.units(),
            started,
            settings.timeoutSeconds(),
            () -> settings.exitAfterBlocks() != null && enoughBlocks.getCount() == 0);
    if (done.isEmpty()) {
      return false;
    }
    double jobSeconds = (System.nanoTime() - started) / 1e9;
    awaitEvents(done.get());
    audits.takeLines().forEach(out::println);
    Path outOption = settings.outOption();
    Path frames = outOption == null ? dataDir.resolve("frames") : outOption.toAbsolutePath();
    DevnetFrames checks = new DevnetFrames(client, err);
    List<Path> written = checks.download(jobId, buyer, frames);
    DevnetFrames.Verification verification = checks.verify(spec, written, dataDir);
    DevnetSummary summary = new DevnetSummary(client, network.url(), out);
    summary.costs(done.get(), jobSeconds, progress, audits, settings.blockIntervalMillis());
    out.printf(
        "Frames: %s%s%n",
        frames,
        settings.temporary() && outOption == null
            ? " (deleted on exit with the data dir; keep them with --out DIR)"
            : "");
    out.printf(
        "verified: %d/%d frames identical to a local render%n",
        verification.identical(), written.size());
    out.println();
    summary.tryIt(jobId, dataDir);
    out.flush();
    if (verification.identical() != written.size()) {
      throw new CommandFailure(
          "frames " + verification.different() + " differ from a local render of the same frames");
    }
    printBlocks = true;
    return true;
  }

  /** Waits until {@code --exit-after} blocks have been counted. */
  void awaitEnoughBlocks() throws InterruptedException {
    enoughBlocks.await();
  }

  /**
   * Waits (briefly) until the event stream has delivered the block that finished the job, so the
   * summary counts its last audits and fees.
   */
  private void awaitEvents(JobInfo job) throws InterruptedException {
    long last = job.closedHeight() > 0 ? job.closedHeight() : network.client().status().height();
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (audits.lastHeight() < last && System.nanoTime() < deadline) {
      Thread.sleep(DevnetProgress.POLL);
    }
  }

  /** Idempotent: called by the shutdown hook on Ctrl-C or by the command when it ends. */
  void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    if (network != null) {
      try {
        network.close();
      } catch (IllegalStateException e) {
        err.println("warning: " + e.getMessage());
      }
    }
    if (settings.temporary()) {
      deleteRecursively(dataDir);
    }
  }

  static void deleteRecursively(Path dir) {
    // A closed agent's event thread can still be finishing a state write, so a pass that meets a
    // file created behind it is repeated a few times before giving up.
    for (int pass = 1; ; pass++) {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
        return;
      } catch (NoSuchFileException | DirectoryNotEmptyException | UncheckedIOException e) {
        if (!Files.exists(dir)) {
          return;
        }
        if (pass == 5) {
          throw new UncheckedIOException(
              "cannot delete the devnet directory " + dir,
              e instanceof UncheckedIOException u ? u.getCause() : (IOException) e);
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete the devnet directory " + dir, e);
      }
    }
  }
}
