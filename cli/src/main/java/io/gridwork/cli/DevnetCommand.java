package io.gridwork.cli;

import io.gridwork.agent.daemon.Agent;
import io.gridwork.agent.daemon.AgentConfig;
import io.gridwork.agent.runtime.SandboxCheck;
import io.gridwork.agent.runtime.SandboxConfig;
import io.gridwork.agent.runtime.SandboxedRunner;
import io.gridwork.api.BidInfo;
import io.gridwork.api.ChainParams;
import io.gridwork.api.JobInfo;
import io.gridwork.api.LeaseInfo;
import io.gridwork.api.UnitInfo;
import io.gridwork.chain.genesis.AuditParams;
import io.gridwork.chain.genesis.Genesis;
import io.gridwork.chain.genesis.GenesisAccount;
import io.gridwork.chain.genesis.GenesisJson;
import io.gridwork.chain.genesis.MarketParams;
import io.gridwork.chain.genesis.Params;
import io.gridwork.client.BlockEvent;
import io.gridwork.client.GridworkClient;
import io.gridwork.node.Node;
import io.gridwork.node.NodeConfig;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.spec.ProcessWorkload;
import io.gridwork.protocol.tx.CreateJob;
import io.gridwork.protocol.tx.JobIds;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gridwork devnet}: the whole marketplace on one machine. It starts a real node on a
 * throw-away genesis, three provider agents with simulated GPUs in different regions and at
 * different prices, funds a buyer and runs the sample render job through the auction, leases,
 * sandboxed units and escrow payments, then downloads the frames and checks them against a local
 * render.
 */
@Command(
    name = "devnet",
    description = {
      "Run a throw-away local marketplace and a sample render job on it.",
      "A node, three provider agents with simulated GPUs and a render job run end to end in"
          + " bubblewrap sandboxes, then kept running until Ctrl-C."
    })
final class DevnetCommand extends GridworkCommand {
  static final String CHAIN_ID = "gridwork-devnet";
  static final long DEMO_BALANCE = Amount.grid(1_000_000).ugrid();
  static final String BUYER = "alice";

  /** The sample job, carried inside the jar so the devnet runs from any directory. */
  static final String BUILT_IN_SPEC = "examples/render.yaml";

  /**
   * The devnet's providers. Prices are published 2026 per-GPU-hour figures in USD (Render Network's
   * compute prices for the RTX cards, Akash's list price for the A100 80GB), converted at the
   * devnet's rate of 1 GRID = 1 USD.
   */
  static final List<DemoProvider> PROVIDERS =
      List.of(
          new DemoProvider("eu-4090", "rtx4090", 2, "eu-west", "0.35GRID"),
          new DemoProvider("us-3090", "rtx3090", 2, "us-east", "0.31GRID"),
          new DemoProvider("eu-a100", "a100-80gb", 1, "eu-west", "1.71GRID"));

  static final List<String> ACCOUNTS =
      Stream.concat(Stream.of(BUYER), PROVIDERS.stream().map(DemoProvider::name)).toList();

  private static final long PROVIDER_STAKE = Amount.grid(200).ugrid();
  private static final int UNITS_PER_GPU = 5;
  // Agents turn per-hour prices into per-frame bids with this estimate, close to what one frame of
  // the sample scene takes in a sandbox here.
  private static final long ESTIMATED_UNIT_SECONDS = 4;
  private static final int NETWORK_FEE_BPS = 100;
  private static final Duration POLL = Duration.ofMillis(200);

  /** Seeds the verification pool, which pays auditors before any verification fee has come in. */
  static final long VERIFICATION_POOL = Amount.grid(100).ugrid();

  /**
   * The devnet's audit rate for a new provider. The ledger's default, every unit, would re-render
   * every frame of the demo on a second provider's simulated GPU, that is on the same two cores,
   * and double the run; a quarter keeps audits visible in every run of 24 frames.
   */
  static final long DEVNET_AUDIT_RATE_START_PPM = 250_000;

  /** An auditor gets about this long to fetch and re-render a frame on a busy machine. */
  private static final long AUDIT_TIMEOUT_MILLIS = 30_000;

  /** One simulated provider: its account name, GPUs, region and asking price per GPU-hour. */
  record DemoProvider(String name, String model, int gpus, String region, String pricePerGpuHour) {
    /**
     * The agent's price table matches a key contained in the card's full name; "a100-80gb" is not a
     * part of "NVIDIA A100-SXM4-80GB", so the key is the model's family.
     */
    String priceKey() {
      return model.split("-")[0];
    }
  }

  @Option(
      names = "--port",
      defaultValue = "7700",
      paramLabel = "N",
      description = "HTTP API port (default: ${DEFAULT-VALUE}; 0 picks a free port)")
  int port;

  @Option(
      names = "--block-interval-ms",
      defaultValue = "500",
      paramLabel = "MS",
      description = "milliseconds between blocks (default: ${DEFAULT-VALUE})")
  long blockIntervalMillis;

  @Option(
      names = "--exit-after",
      paramLabel = "N",
      description = "exit (status 0) after N blocks instead of running until Ctrl-C")
  Integer exitAfterBlocks;

  @Option(
      names = "--exit-when-done",
      description = "exit (status 0) once the render job is done and its frames are verified")
  boolean exitWhenDone;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "keep the chain in DIR and resume it next time (default: a temporary dir)")
  Path dataDirOption;

  @Option(
      names = "--spec",
      paramLabel = "FILE",
      description = "the render job to submit (default: " + BUILT_IN_SPEC + ", built in)")
  Path specFile;

  @Option(
      names = "--frames",
      paramLabel = "N",
      description = "render N frames instead of the job file's units")
  Integer frames;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "where to write the frames (default: frames/ in the data dir)")
  Path outOption;

  @Option(
      names = "--timeout",
      defaultValue = "180",
      paramLabel = "SECONDS",
      description = "fail if the job is not done within this time (default: ${DEFAULT-VALUE})")
  long timeoutSeconds;

  @Option(
      names = "--gridwork-jar",
      paramLabel = "JAR",
      description = "the gridwork jar the units run in their sandbox (default: the running one)")
  Path gridworkJarOption;

  /** A demo account: the deterministic key behind a devnet name. Never for real funds. */
  static KeyPair key(String name) {
    return KeyPair.fromLabel("devnet/" + name);
  }

  static Address address(String name) {
    return key(name).address();
  }

  @Override
  int execute() throws Exception {
    if (exitAfterBlocks != null && exitAfterBlocks < 1) {
      throw new CommandFailure(ExitCode.USAGE, "--exit-after must be at least 1 block");
    }
    if (port < 0 || port > 65_535) {
      throw new CommandFailure(ExitCode.USAGE, "--port must be 0..65535, got " + port);
    }
    if (blockIntervalMillis < 1) {
      throw new CommandFailure(ExitCode.USAGE, "--block-interval-ms must be positive");
    }
    if (frames != null && frames < 1) {
      throw new CommandFailure(ExitCode.USAGE, "--frames must be at least 1");
    }
    if (timeoutSeconds < 1) {
      throw new CommandFailure(ExitCode.USAGE, "--timeout must be at least 1 second");
    }
    JobSpec spec = renderSpec();
    Path jar = gridworkJar();
    boolean temporary = dataDirOption == null;
    Path dataDir =
        temporary ? Files.createTempDirectory("gridwork-devnet-") : dataDirOption.toAbsolutePath();
    Devnet devnet = new Devnet(dataDir, temporary, jar);
    Thread hook = new Thread(devnet::stop, "gridwork-devnet-shutdown");
    try {
      devnet.checkSandbox();
      devnet.start();
      Runtime.getRuntime().addShutdownHook(hook);
      boolean finished = devnet.runDemo(spec);
      if (!finished) {
        out().println("Reached --exit-after " + exitAfterBlocks + "; stopping.");
      } else if (exitWhenDone) {
        out().println("Done (--exit-when-done); stopping.");
      } else if (exitAfterBlocks == null) {
        out().println("Running until Ctrl-C.");
        out().flush();
        // Only Ctrl-C ends this run: the shutdown hook stops the agents and node and cleans up.
        new CountDownLatch(1).await();
      } else {
        devnet.enoughBlocks.await();
        out().println("Reached --exit-after " + exitAfterBlocks + "; stopping.");
      }
      out().flush();
      return ExitCode.OK;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is already shutting down, so the hook is stopping the devnet right now.
      }
      devnet.stop();
    }
  }

  /** The job file, with {@code --frames} applied, refused before anything starts if invalid. */
  private JobSpec renderSpec() {
    SpecFile loaded =
        specFile == null
            ? SpecFile.parse(Path.of(BUILT_IN_SPEC), builtInSpec())
            : SpecFile.load(specFile);
    if (!loaded.valid() || loaded.jobs().size() != 1) {
      throw new CommandFailure(
          loaded.file() + " is not one valid job:\n" + loaded.verdict().text().stripTrailing());
    }
    JobSpec spec = loaded.jobs().getFirst();
    if (spec.units() == null) {
      throw new CommandFailure(loaded.file() + " is a service; the devnet demo needs a batch job");
    }
    if (frames == null) {
      return spec;
    }
    return new JobSpec(
        spec.name(),
        frames,
        spec.workload(),
        spec.resources(),
        spec.placement(),
        spec.pricing(),
        spec.inputs(),
        spec.outputs(),
        spec.limits(),
        spec.network(),
        spec.expose(),
        spec.deterministic(),
        spec.sla());
  }

  private static String builtInSpec() {
    try (InputStream in = DevnetCommand.class.getResourceAsStream("/" + BUILT_IN_SPEC)) {
      if (in == null) {
        throw new IllegalStateException(BUILT_IN_SPEC + " is missing from the gridwork jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the built-in " + BUILT_IN_SPEC, e);
    }
  }

  /** The jar bound into every sandbox, where units find {@code gridwork sample render}. */
  private Path gridworkJar() {
    if (gridworkJarOption != null) {
      if (!Files.isRegularFile(gridworkJarOption)) {
        throw new CommandFailure("--gridwork-jar " + gridworkJarOption + " is not a file");
      }
      return gridworkJarOption.toAbsolutePath();
    }
    CodeSource source = GridworkCli.class.getProtectionDomain().getCodeSource();
    try {
      Path location = source == null ? null : Path.of(source.getLocation().toURI());
      if (location != null && location.toString().endsWith(".jar")) {
        return location;
      }
    } catch (URISyntaxException e) {
      throw new CommandFailure("cannot locate the running gridwork jar: " + e.getMessage());
    }
    throw new CommandFailure(
        "the devnet's units run 'gridwork sample render' from the gridwork jar inside their"
            + " sandboxes, and this gridwork is not running from a jar; run ./gridwork devnet, or"
            + " pass --gridwork-jar cli/target/gridwork.jar after ./mvnw -pl cli -am package");
  }

  /** One devnet run: owns the node, the agents, the block counter and the temporary directory. */
  private final class Devnet {
    private final Path dataDir;
    private final boolean temporary;
    private final Path jar;
    private final CountDownLatch enoughBlocks;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final List<Agent> agents = new ArrayList<>();
    private final Map<Address, String> names = new TreeMap<>();
    private Node node;
    private AutoCloseable blockCounter;
    private GridworkClient client;
    private String url;
    private boolean resumed;
    private volatile boolean printBlocks;
    private final Map<Hash, Long> leaseOpenedAt = new TreeMap<>(Comparator.comparing(Hash::toHex));
    private final Map<Hash, Long> leaseBusyUntil = new TreeMap<>(Comparator.comparing(Hash::toHex));
    private final DevnetAudits audits = new DevnetAudits(this::nameOf);

    Devnet(Path dataDir, boolean temporary, Path jar) {
      this.dataDir = dataDir;
      this.temporary = temporary;
      this.jar = jar;
      this.enoughBlocks = new CountDownLatch(exitAfterBlocks == null ? 1 : exitAfterBlocks);
      for (String name : ACCOUNTS) {
        names.put(address(name), name);
      }
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
      Genesis genesis = genesis();
      NodeConfig config =
          NodeConfig.defaults(dataDir)
              .withApiPort(port)
              .withBlockIntervalMillis(blockIntervalMillis);
      out()
          .printf(
              "Gridwork devnet: chain %s, data in %s%s%n",
              genesis.chainId(),
              dataDir,
              temporary ? " (deleted on exit)" : resumed ? " (resumed)" : " (kept)");
      out().println();
      out().println("Demo accounts (deterministic test keys: never use them for real funds):");
      Table accounts = new Table("NAME", "ROLE", "ADDRESS");
      for (String name : ACCOUNTS) {
        accounts.row(name, BUYER.equals(name) ? "buyer" : "provider", address(name).toString());
      }
      out().print(accounts.render());
      out().println();
      out().flush();

      node = NodeLauncher.start(config, genesis);
      url = "http://127.0.0.1:" + node.apiPort();
      client = new GridworkClient(url);
      out().println("Node API: " + url + " (a block every " + blockIntervalMillis + " ms)");
      out().flush();
      blockCounter = client.events(client.status().height() + 1, this::onBlock);
      startAgents();
    }

    /** The genesis in the data dir, or a new one written there so a kept devnet can resume. */
    private Genesis genesis() throws IOException {
      Files.createDirectories(dataDir);
      Path file = dataDir.resolve(NodeConfig.GENESIS_FILE);
      if (Files.exists(file)) {
        Genesis existing = NodeCommand.Start.loadGenesis(file);
        // The demo signs as the devnet's accounts, which only a devnet genesis funds.
        if (!CHAIN_ID.equals(existing.chainId())) {
          throw new CommandFailure(
              dataDir
                  + " holds chain '"
                  + existing.chainId()
                  + "', not a devnet; give --data-dir an empty directory or one an earlier devnet"
                  + " kept, or run that chain with 'gridwork node start --home "
                  + dataDir
                  + "'");
        }
        resumed = true;
        return existing;
      }
      List<GenesisAccount> accounts = new ArrayList<>();
      for (String name : ACCOUNTS) {
        accounts.add(new GenesisAccount(key(name).address(), DEMO_BALANCE));
      }
      // A bid window of about two seconds gives agents time to see a job and bid; per-hour prices
      // are turned into per-block rates at the devnet's real block time.
      long bidWindowBlocks = Math.max(2, 2_000 / blockIntervalMillis);
      MarketParams market =
          new MarketParams(
              bidWindowBlocks,
              64,
              3,
              Amount.grid(1).ugrid(),
              NETWORK_FEE_BPS,
              Amount.grid(1).ugrid(),
              blockIntervalMillis);
      AuditParams d = AuditParams.defaults();
      AuditParams audit =
          new AuditParams(
              d.challengeWindowBlocks(),
              DEVNET_AUDIT_RATE_START_PPM,
              d.auditRateFloorPpm(),
              d.auditHalfLifeUnits(),
              Math.max(d.auditTimeoutBlocks(), AUDIT_TIMEOUT_MILLIS / blockIntervalMillis),
              d.maxAuditAttempts(),
              d.verificationFeeBps(),
              d.slashFractionBps(),
              d.slashBuyerShareBps(),
              d.reputationAgeFullBlocks());
      Genesis genesis =
          new Genesis(
                  CHAIN_ID,
                  System.currentTimeMillis(),
                  accounts,
                  Params.defaults().withMarket(market).withAudit(audit))
              .withVerificationPool(VERIFICATION_POOL);
      Files.writeString(file, GenesisJson.write(genesis));
      return genesis;
    }

    private void onBlock(BlockEvent block) {
      audits.record(block);
      if (printBlocks && !block.txs().isEmpty()) {
        out()
            .printf(
                "block %d: %d tx%s%n",
                block.height(), block.txs().size(), block.txs().size() == 1 ? "" : "s");
        out().flush();
      }
      enoughBlocks.countDown();
    }

    private void startAgents() {
      out().println();
      out().println("Starting provider agents (simulated GPUs, registered with simulated=true):");
      Table table = new Table("PROVIDER", "GPUS", "REGION", "ASKS PER GPU-HOUR", "STAKE");
      for (DemoProvider provider : PROVIDERS) {
        Path home = dataDir.resolve("agents").resolve(provider.name());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("node", url);
        settings.put("region", provider.region());
        settings.put("tier", "standard");
        settings.put("simulateGpus", provider.model() + ":" + provider.gpus());
        settings.put("prices", Map.of(provider.priceKey(), provider.pricePerGpuHour()));
        settings.put("estimatedUnitSeconds", ESTIMATED_UNIT_SECONDS);
        settings.put("stake", Long.toString(PROVIDER_STAKE));
        settings.put("unitsPerGpu", UNITS_PER_GPU);
        settings.put("gridworkJar", jar.toString());
        AgentConfig config = AgentConfig.parse(home, "", settings);
        agents.add(
            Agent.start(
                config, home, key(provider.name()), Agent.detectOffer(config), Optional.of(jar)));
        table.row(
            provider.name(),
            provider.gpus() + " x " + provider.model(),
            provider.region(),
            provider.pricePerGpuHour(),
            Amount.format(PROVIDER_STAKE));
      }
      out().print(table.render());
      out().println("(prices: published USD per GPU-hour, at the devnet rate 1 GRID = 1 USD)");
      out().println();
      out().flush();
    }

    /**
     * Submits the job and follows it to the end; false when {@code --exit-after} blocks passed
     * first.
     */
    boolean runDemo(JobSpec spec) throws Exception {
      KeyPair buyer = key(BUYER);
      TxSubmission submission = new TxSubmission(client);
      long nonce = submission.nextNonce(buyer);
      Hash jobId = JobIds.jobId(buyer.address(), nonce);
      out()
          .printf(
              "%s submits %s: %d frames, at most %s per frame, deposit %s%n",
              BUYER,
              specFile == null ? BUILT_IN_SPEC : specFile,
              spec.units(),
              Amount.format(spec.pricing().maxPricePerUnit()),
              Amount.format(spec.pricing().deposit()));
      long started = System.nanoTime();
      audits.follow(jobId.toHex());
      String failure =
          TxSubmission.failure(
              submission.submit(submission.sign(buyer, new CreateJob(spec), null, nonce), true));
      if (failure != null) {
        throw new CommandFailure("the devnet could not submit the render job: " + failure);
      }
      out().println("job " + jobId.toHex() + " is open for bids");
      out().flush();
      Optional<JobInfo> done = follow(jobId, spec.units(), started);
      if (done.isEmpty()) {
        return false;
      }
      double jobSeconds = (System.nanoTime() - started) / 1e9;
      awaitEvents(done.get());
      audits.takeLines().forEach(out()::println);
      Path frames = outOption == null ? dataDir.resolve("frames") : outOption.toAbsolutePath();
      List<Path> written = download(jobId, frames);
      Verification verification = verify(spec, written);
      summary(done.get(), jobSeconds);
      out()
          .printf(
              "Frames: %s%s%n",
              frames,
              temporary && outOption == null
                  ? " (deleted on exit with the data dir; keep them with --out DIR)"
                  : "");
      out()
          .printf(
              "verified: %d/%d frames identical to a local render%n",
              verification.identical(), written.size());
      out().println();
      printTryIt(jobId);
      out().flush();
      if (verification.identical() != written.size()) {
        throw new CommandFailure(
            "frames "
                + verification.different()
                + " differ from a local render of the same frames");
      }
      printBlocks = true;
      return true;
    }

    /** Shows bids, leases and a progress bar until the job is done; empty on --exit-after. */
    private Optional<JobInfo> follow(Hash jobId, int units, long started) throws Exception {
      long deadline = started + Duration.ofSeconds(timeoutSeconds).toNanos();
      Set<String> shownBids = new HashSet<>();
      Set<Hash> shownLeases = new HashSet<>();
      Map<Hash, Integer> unitsDone = new TreeMap<>(Comparator.comparing(Hash::toHex));
      ProgressBar bar = null;
      try {
        while (true) {
          if (exitAfterBlocks != null && enoughBlocks.getCount() == 0) {
            return Optional.empty();
          }
          JobInfo job = client.job(jobId).orElseThrow();
          for (BidInfo bid : client.bids(jobId)) {
            if (shownBids.add(bid.provider() + "/" + bid.placedHeight())) {
              out()
                  .printf(
                      "  bid   %-8s %d x %-24s %s per frame, up to %d frames (block %d)%n",
                      name(bid.provider()),
                      bid.gpuCount(),
                      bid.gpuModel(),
                      Amount.format(bid.price()),
                      bid.maxUnits(),
                      bid.placedHeight());
            }
          }
          List<LeaseInfo> leases = client.leases(jobId);
          for (LeaseInfo lease : leases) {
            if (unitsDone.getOrDefault(lease.id(), -1) < lease.unitsDone()) {
              unitsDone.put(lease.id(), lease.unitsDone());
              leaseBusyUntil.put(lease.id(), System.nanoTime());
            }
            if (shownLeases.add(lease.id())) {
              leaseOpenedAt.put(lease.id(), System.nanoTime());
              if (bar != null) {
                err().println();
              }
              out()
                  .printf(
                      "  lease %-8s %d frames at %s each (auction round %d, block %d)%n",
                      name(lease.provider()),
                      lease.unitsAssigned(),
                      Amount.format(lease.price()),
                      JobViews.auctionRound(job),
                      lease.openedHeight());
              out().flush();
            }
          }
          List<String> verdicts = audits.takeLines();
          if (!verdicts.isEmpty()) {
            if (bar != null) {
              err().println();
            }
            verdicts.forEach(out()::println);
            out().flush();
          }
          if (bar == null && !leases.isEmpty()) {
            bar = progressBar(units);
          }
          if (bar != null) {
            bar.stepTo(job.units().done());
          }
          if (job.status() == JobInfo.Status.DONE) {
            return Optional.of(job);
          }
          if (job.status() == JobInfo.Status.CLOSED) {
            throw new CommandFailure(
                "the render job closed before finishing ("
                    + job.closeReason()
                    + ") with "
                    + job.units().done()
                    + "/"
                    + units
                    + " frames done; see 'gridwork job explain "
                    + jobId.toHex()
                    + " --node "
                    + url
                    + "'");
          }
          if (System.nanoTime() > deadline) {
            throw new CommandFailure(timedOut(job, leases));
          }
          Thread.sleep(POLL);
        }
      } finally {
        if (bar != null) {
          bar.close();
          err().flush();
        }
      }
    }

    /**
     * Waits (briefly) until the event stream has delivered the block that finished the job, so the
     * summary counts its last audits and fees.
     */
    private void awaitEvents(JobInfo job) throws InterruptedException {
      long last = job.closedHeight() > 0 ? job.closedHeight() : client.status().height();
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (audits.lastHeight() < last && System.nanoTime() < deadline) {
        Thread.sleep(POLL);
      }
    }

    private String timedOut(JobInfo job, List<LeaseInfo> leases) {
      StringBuilder why =
          new StringBuilder(
              "the render job did not finish within --timeout "
                  + timeoutSeconds
                  + " s: "
                  + job.status()
                  + ", "
                  + job.units().done()
                  + "/"
                  + job.units().total()
                  + " frames done, "
                  + job.units().pending()
                  + " waiting for an auction");
      for (LeaseInfo lease : leases) {
        why.append(
            String.format(
                "%n  lease of %s: %s, %d/%d frames%s",
                name(lease.provider()),
                lease.status(),
                lease.unitsDone(),
                lease.unitsAssigned(),
                lease.closeReason() == null ? "" : " (" + lease.closeReason() + ")"));
      }
      for (Agent agent : agents) {
        agent.snapshot().decisions().stream()
            .reduce((first, second) -> second)
            .ifPresent(
                d ->
                    why.append(
                        String.format(
                            "%n  %s last decided: %s %s",
                            name(agent.address()), d.action(), d.message())));
      }
      return why.toString();
    }

    private ProgressBar progressBar(int units) {
      return new ProgressBarBuilder()
          .setTaskName("frames")
          .setInitialMax(units)
          .setUpdateIntervalMillis(250)
          .setConsumer(
              new DelegatingProgressBarConsumer(
                  line -> {
                    // The bar redraws in place on stderr, so stdout stays a readable log.
                    err().print("\r" + line);
                    err().flush();
                  }))
          .build();
    }

    private List<Path> download(Hash jobId, Path frames) throws IOException {
      Files.createDirectories(frames);
      JobInfo job = client.job(jobId).orElseThrow();
      String output = job.spec().outputs().getFirst();
      List<Path> written = new ArrayList<>();
      for (UnitInfo unit : client.units(jobId)) {
        Path target = JobResultsCommand.target(frames, output, unit.unit());
        if (!client.downloadBlob(jobId, key(BUYER), unit.outputHash(), target)) {
          throw new CommandFailure(
              "the node has no blob " + unit.outputHash().toHex() + " for frame " + unit.unit());
        }
        written.add(target);
      }
      return written;
    }

    /** How the downloaded frames compare with the same command run here, outside any sandbox. */
    private record Verification(int identical, List<Integer> different) {}

    private Verification verify(JobSpec spec, List<Path> written) throws IOException {
      List<String> command =
          spec.workload() instanceof ProcessWorkload process ? process.command() : List.of();
      if (command.size() < 3 || !command.subList(1, 3).equals(List.of("sample", "render"))) {
        throw new CommandFailure(
            "the devnet checks frames by rendering them locally, so its job must run 'gridwork"
                + " sample render', not "
                + String.join(" ", command));
      }
      Path local = Files.createTempDirectory(dataDir, "local-render-");
      List<Integer> different = new ArrayList<>();
      int identical = 0;
      try {
        for (int unit = 0; unit < written.size(); unit++) {
          Path remote = written.get(unit);
          String[] args = localArgs(command, unit, local);
          int code =
              new CommandLine(new SampleCommand.Render())
                  .setOut(new PrintWriter(Writer.nullWriter()))
                  .setErr(err())
                  .execute(args);
          if (code != ExitCode.OK) {
            throw new CommandFailure("rendering frame " + unit + " locally failed");
          }
          Path mine = local.resolve(remote.getFileName());
          if (Arrays.equals(Files.readAllBytes(mine), Files.readAllBytes(remote))) {
            identical++;
          } else {
            different.add(unit);
          }
        }
      } finally {
        deleteRecursively(local);
      }
      return new Verification(identical, different);
    }

    /** The unit's own arguments after "gridwork sample render", writing into {@code dir}. */
    private static String[] localArgs(List<String> command, int unit, Path dir) {
      List<String> args = new ArrayList<>();
      List<String> rest = command.subList(3, command.size());
      for (int i = 0; i < rest.size(); i++) {
        String arg = rest.get(i).replace("${UNIT}", Integer.toString(unit));
        args.add(arg);
        if (arg.equals("--out") && i + 1 < rest.size()) {
          String file = rest.get(++i).replace("${UNIT}", Integer.toString(unit));
          args.add(dir.resolve(file).toString());
        }
      }
      return args.toArray(String[]::new);
    }

    private void summary(JobInfo job, double jobSeconds) {
      List<LeaseInfo> leases = client.leases(job.id());
      Map<String, long[]> perProvider = new TreeMap<>();
      long paid = 0;
      long fees = 0;
      double gpuSeconds = 0;
      for (LeaseInfo lease : leases) {
        long fee = (long) lease.unitsDone() * networkFee(lease.price());
        long[] row = perProvider.computeIfAbsent(name(lease.provider()), n -> new long[3]);
        row[0] += lease.unitsDone();
        row[1] += lease.paid();
        row[2] += lease.paid() - fee;
        paid += lease.paid();
        fees += fee;
        long opened = leaseOpenedAt.getOrDefault(lease.id(), 0L);
        long busy = leaseBusyUntil.getOrDefault(lease.id(), opened);
        gpuSeconds += Math.max(1, lease.gpuCount()) * (busy - opened) / 1e9;
      }
      out().println();
      out().printf("Job done in %.1f s: %d frames%n", jobSeconds, job.units().done());
      Table table =
          new Table(
              "PROVIDER", "FRAMES", "BUYER PAID", "NETWORK FEE", "VERIFICATION FEE", "EARNED");
      for (Map.Entry<String, long[]> row : perProvider.entrySet()) {
        long[] v = row.getValue();
        long verificationFee = audits.verificationFee(row.getKey());
        table.row(
            row.getKey(),
            Long.toString(v[0]),
            Amount.format(v[1]),
            Amount.format(v[1] - v[2]),
            Amount.format(verificationFee),
            Amount.format(v[2] - verificationFee));
      }
      out().print(table.render());
      long refund = job.deposited() - paid;
      int done = job.units().done();
      long perFrame = paid / done;
      // GPU time is each lease's GPUs times the wall time from its opening to its last frame, as
      // seen here: what a buyer renting the cards by the hour would have paid for.
      double gpuHours = gpuSeconds / 3600;
      out().printf("Network fee (%d bps, to the fee pool): %s%n", NETWORK_FEE_BPS, fmt(fees));
      ChainParams.Audit audit = client.params().audit();
      audits
          .summary(done, audit.challengeWindowBlocks(), blockIntervalMillis)
          .forEach(out()::println);
      out()
          .printf(
              "Buyer %s: deposited %s, paid %s, refunded %s%n",
              BUYER, fmt(job.deposited()), fmt(paid), fmt(refund));
      out()
          .printf(
              Locale.ROOT,
              "Price: %s per frame; %.2f GRID per GPU-hour equivalent (%.0f GPU-seconds leased)%n",
              fmt(perFrame),
              paid / 1e6 / gpuHours,
              gpuSeconds);
    }

    private static long networkFee(long amount) {
      return amount / MarketParams.BPS * NETWORK_FEE_BPS
          + amount % MarketParams.BPS * NETWORK_FEE_BPS / MarketParams.BPS;
    }

    private static String fmt(long ugrid) {
      return Amount.format(ugrid);
    }

    private String nameOf(String address) {
      return name(Address.parse(address));
    }

    private String name(Address address) {
      return names.getOrDefault(address, address.toString());
    }

    private void printTryIt(Hash jobId) throws IOException {
      Path seeds = dataDir.resolve("demo-keys");
      if (!Files.isDirectory(seeds)) {
        Files.createDirectories(
            seeds,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      for (String name : ACCOUNTS) {
        Files.writeString(
            seeds.resolve(name + ".seed"), HexFormat.of().formatHex(key(name).seed()) + "\n");
      }
      String node = " --node " + url;
      String job = jobId.toHex();
      out().println("Inspect it from another terminal:");
      out().println("  gridwork job status " + job + node);
      out().println("  gridwork job bids " + job + node);
      out().println("  gridwork query providers" + node);
      out().println("  gridwork query account " + address(BUYER) + node);
      out()
          .println(
              "  gridwork agent status --home " + dataDir.resolve("agents").resolve("eu-4090"));
      out().println("Sign as the buyer by importing its key:");
      out()
          .println(
              "  gridwork key import "
                  + BUYER
                  + " --seed-hex-file "
                  + seeds.resolve(BUYER + ".seed"));
      out().println("  gridwork job submit examples/render.yaml --from " + BUYER + node);
      out().println("  gridwork job results " + job + " --out frames --from " + BUYER + node);
    }

    /** Idempotent: called by the shutdown hook on Ctrl-C or by the command when it ends. */
    void stop() {
      if (!stopped.compareAndSet(false, true)) {
        return;
      }
      for (Agent agent : agents) {
        agent.close();
      }
      try {
        if (blockCounter != null) {
          blockCounter.close();
        }
      } catch (Exception e) {
        err().println("warning: could not stop the block counter: " + e);
      }
      if (node != null) {
        node.close();
      }
      if (temporary) {
        deleteRecursively(dataDir);
      }
    }
  }

  private static void deleteRecursively(Path dir) {
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
