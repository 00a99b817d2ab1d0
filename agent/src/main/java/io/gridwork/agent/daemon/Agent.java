package io.gridwork.agent.daemon;

import io.gridwork.agent.gpu.GpuDevice;
import io.gridwork.agent.gpu.GpuProbe;
import io.gridwork.agent.gpu.Inventory;
import io.gridwork.agent.gpu.ProbeResult;
import io.gridwork.agent.gpu.SimulatedGpus;
import io.gridwork.agent.pricing.PriceScript;
import io.gridwork.agent.pricing.PricingConfig;
import io.gridwork.agent.pricing.PricingPolicy;
import io.gridwork.agent.runtime.ContainerConfig;
import io.gridwork.agent.runtime.ContainerRunner;
import io.gridwork.agent.runtime.SandboxConfig;
import io.gridwork.agent.runtime.SandboxedRunner;
import io.gridwork.api.ChainParams;
import io.gridwork.api.JobInfo;
import io.gridwork.api.LeaseInfo;
import io.gridwork.api.NodeStatus;
import io.gridwork.api.ProviderInfo;
import io.gridwork.client.BlockEvent;
import io.gridwork.client.EventInfo;
import io.gridwork.client.GridworkClient;
import io.gridwork.client.GridworkClientException;
import io.gridwork.client.SubmitResult;
import io.gridwork.client.TxStatus;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.spec.GpuRequest;
import io.gridwork.protocol.tx.GpuInventory;
import io.gridwork.protocol.tx.Heartbeat;
import io.gridwork.protocol.tx.RegisterProvider;
import io.gridwork.protocol.tx.TxBody;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running provider agent: registers the provider, follows the node's event stream from the last
 * block it handled, bids on jobs it can serve, runs the leases it wins and sends heartbeats for
 * them every {@code liveness.heartbeatIntervalBlocks} of the chain's parameters, read once at
 * start. The one place that wires the agent's parts together; {@link #start} returns once it is
 * registered and following the chain, {@link #close} stops the units and leaves the state so a new
 * agent on the same home resumes.
 *
 * <p>Audits: when the ledger names this provider the auditor of a unit, an {@link AuditRunner}
 * re-executes it on free cards and one of the same unit slots leases use, and answers before the
 * deadline; assigned audits are kept in the agent's state and resumed after a restart.
 *
 * <p>Services: a service lease gets a {@link ServiceRunner}, which keeps its process running and
 * says when it is live; the agent heartbeats a service lease only then.
 *
 * <p>Threads: the event stream's thread handles blocks (auctions settled, leases started and
 * stopped, results counted, audits assigned, heartbeats); the {@link Bidder}'s thread places bids;
 * a lease this agent won but cannot read from its event is fetched on a short-lived virtual thread,
 * each lease and each audit runs on its own virtual threads, and a {@link ContainerEngineWatch}
 * asks every {@code containerProbeSeconds} whether a Docker engine answers for container jobs.
 * {@code gpuLock} guards taking and releasing cards, the leases waiting for them and the cards
 * audits hold; the bid book, the other shared maps and the state are thread-safe.
 */
public final class Agent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
  private static final Duration REGISTER_WAIT = Duration.ofSeconds(60);
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);

  private static final String SERVICE_KIND = "service";

  /** The provider attribute naming the host buyers reach this machine's services at. */
  public static final String HOST_ATTRIBUTE = "host";

  /** What the agent offers: its GPUs, or CPU only with the reason. */
  public record Offer(Inventory inventory, Optional<String> cpuOnlyReason) {
    public Offer {
      if (inventory.devices().isEmpty() && cpuOnlyReason.isEmpty()) {
        throw new IllegalArgumentException("an offer without GPUs must say why");
      }
    }
  }

  private final AgentConfig config;
  private final GridworkClient client;
  private final KeyPair key;
  private final Address self;
  private final Inventory inventory;
  private final AgentState state;
  private final TxSubmitter txs;
  private final BidEngine engine;
  private final GpuPool gpus;
  private final LeaseContext leaseContext;
  private final AgentMetrics metrics;
  private final Map<Hash, LeaseRunner> leases = new ConcurrentHashMap<>();
  private final Map<Hash, ServiceRunner> services = new ConcurrentHashMap<>();
  private final ServicePorts servicePorts;
  private final BidBook book;
  private final CommitWatch commits = new CommitWatch(LeaseRunner.COMMIT_WAIT);
  private final Map<Hash, JobInfo> knownJobs = new ConcurrentHashMap<>();
  private final Object gpuLock = new Object();
  private final Map<Hash, LeaseInfo> waitingForGpus = new LinkedHashMap<>();
  private final Map<String, AuditRunner> audits = new ConcurrentHashMap<>();
  private final Map<String, AuditRunner.Claimed> auditGpus = new ConcurrentHashMap<>();
  private volatile long latestHeight;
  private final long heartbeatIntervalBlocks;
  private final int metricsPort;
  private final WorkDirLock lock;
  private final ContainerEngineWatch containerEngine;

  /**
   * Held while a block is handled and while the agent starts stopping, so that a block in progress
   * finishes (its leases started, its state written) before the stop, and none is handled after.
   */
  private final Object blockLock = new Object();

  private volatile boolean stopping;
  private AutoCloseable events;
  private Bidder bidder;
  private EventDispatcher dispatcher;

  private Agent(
      AgentConfig config,
      GridworkClient client,
      KeyPair key,
      Inventory inventory,
      AgentState state,
      TxSubmitter txs,
      BidEngine engine,
      SandboxedRunner runner,
      ContainerRunner containers,
      ContainerEngineWatch containerEngine,
      SortedMap<String, String> unitEnv,
      WorkDirLock lock,
      ResultPolicy policy,
      long heartbeatIntervalBlocks,
      ServicePorts servicePorts) {
    this.lock = lock;
    this.servicePorts = servicePorts;
    this.book = new BidBook(servicePorts);
    this.containerEngine = containerEngine;
    this.heartbeatIntervalBlocks = heartbeatIntervalBlocks;
    this.config = config;
    this.client = client;
    this.key = key;
    this.self = key.address();
    this.inventory = inventory;
    this.state = state;
    this.txs = txs;
    this.engine = engine;
    this.gpus = new GpuPool(inventory);
    this.metrics = new AgentMetrics(() -> leases.size() + services.size());
    this.leaseContext =
        new LeaseContext(
            client,
            key,
            txs,
            state,
            runner,
            containers,
            containerEngine::problem,
            config,
            inventory,
            new Semaphore(config.maxConcurrentUnits()),
            metrics,
            unitEnv,
            ConcurrentHashMap.newKeySet(),
            policy,
            commits,
            knownJobs,
            new UnitLogs(config.workDir().resolve("unit-logs"), Clock.systemUTC()));
    this.metricsPort = config.metricsPort() == 0 ? 0 : metrics.serve(config.metricsPort());
  }

  /**
   * The GPUs the agent offers: {@code simulateGpus} when set, else what nvidia-smi reports, else
   * CPU only with nvidia-smi's reason.
   */
  public static Offer detectOffer(AgentConfig config) {
    if (!config.simulateGpus().isBlank()) {
      return new Offer(Inventory.of(SimulatedGpus.parse(config.simulateGpus())), Optional.empty());
    }
    return switch (GpuProbe.system().probe()) {
      case ProbeResult.Detected detected ->
          new Offer(Inventory.of(detected.gpus()), Optional.empty());
      case ProbeResult.CpuOnly cpuOnly ->
          new Offer(Inventory.cpuOnly(), Optional.of(cpuOnly.reason()));
    };
  }

  /**
   * Registers (or updates) the provider, resumes the leases the ledger says it holds and starts
   * following the chain. Throws {@link AgentStartException} with what to do when the agent cannot
   * run: the node refuses the registration, or there is nothing to register.
   *
   * @param home the agent's home: never visible to units
   * @param gridworkJar the gridwork jar, bound read-only into every sandbox with a {@code gridwork}
   *     launcher on the units' {@code PATH}, so units can run {@code gridwork sample ...}
   */
  public static Agent start(
      AgentConfig config, Path home, KeyPair key, Offer offer, Optional<Path> gridworkJar) {
    return start(config, home, key, offer, gridworkJar, ResultPolicy.HONEST);
  }

  /**
   * Starts an agent that reports what {@code policy} says instead of what it computed: the seam
   * fault tests use to run a dishonest provider or a flaky auditor in a real agent process. See
   * {@link ResultPolicy}; production agents use the other {@code start}.
   */
  public static Agent start(
      AgentConfig config,
      Path home,
      KeyPair key,
      Offer offer,
      Optional<Path> gridworkJar,
      ResultPolicy policy) {
    WorkDirLock lock = WorkDirLock.acquire(config.workDir());
    try {
      return start(config, home, key, offer, gridworkJar, lock, policy);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  private static Agent start(
      AgentConfig config,
      Path home,
      KeyPair key,
      Offer offer,
      Optional<Path> gridworkJar,
      WorkDirLock lock,
      ResultPolicy policy) {
    GridworkClient client = new GridworkClient(config.nodeUrl());
    NodeStatus status = client.status();
    String genesisHash =
        client
            .block(0)
            .map(b -> b.hash().toHex())
            .orElseThrow(
                () ->
                    new AgentStartException(
                        "the node at " + config.nodeUrl() + " has no genesis block yet"));
    checkSavedState(config, home, status, genesisHash);
    ChainParams params = client.params();
    long fee = params.minFee();
    TxSubmitter txs = new TxSubmitter(client, key, status.chainId(), fee, new StillWanted(client));
    SortedMap<String, String> attributes = new TreeMap<>(config.attributes());
    attributes.putAll(offer.inventory().attributes());
    if (!config.publicHost().isEmpty()) {
      attributes.put(HOST_ATTRIBUTE, config.publicHost());
    }
    register(client, txs, key.address(), config, offer, attributes);
    Inventory inventory = offer.inventory();
    PricingConfig pricing =
        new PricingConfig(
            new TreeMap<>(priceTable(config, inventory)),
            config.electricityPerKwh(),
            config.marginBps(),
            config.priceScript().isEmpty()
                ? Optional.empty()
                : Optional.of(new PriceScript(config.priceScript(), config.priceScriptTimeout())));
    ServicePorts servicePorts = new ServicePorts();
    AgentState state =
        AgentState.open(
            config.workDir(),
            key.address().toString(),
            config.nodeUrl(),
            status.chainId(),
            genesisHash,
            status.height(),
            views(inventory),
            offer.cpuOnlyReason().orElse(null),
            config.electricityPerKwh(),
            System.currentTimeMillis());
    Optional<Path> jar = gridworkJar.filter(p -> p.toFile().isFile()).map(Path::toAbsolutePath);
    Path javaHome = Path.of(System.getProperty("java.home"));
    SandboxConfig sandbox = SandboxConfig.forAgent(home, List.of());
    SortedMap<String, String> unitEnv = new TreeMap<>();
    if (jar.isPresent()) {
      sandbox =
          sandbox.withTools(GridworkLauncher.prepare(config.workDir().resolve("tools"), jar.get()));
      unitEnv.put(GridworkLauncher.JAR_VARIABLE, GridworkLauncher.JAR_IN_SANDBOX);
      unitEnv.put(
          "PATH",
          SandboxConfig.TOOLS_DIR
              + ":"
              + javaHome.resolve("bin")
              + ":/usr/local/bin:/usr/bin:/bin");
    }
    ContainerRunner containers =
        new ContainerRunner(ContainerConfig.forAgent(config.docker(), home));
    ContainerEngineWatch containerEngine =
        ContainerEngineWatch.start(
            containers,
            Duration.ofSeconds(config.containerProbeSeconds()),
            seen ->
                state.containerEngine(
                    new AgentState.ContainerEngine(
                        seen.answers(), seen.detail(), System.currentTimeMillis()),
                    System.currentTimeMillis()));
    SandboxedRunner runner = new SandboxedRunner(sandbox);
    BidEngine engine =
        new BidEngine(
            inventory,
            attributes,
            config,
            new PricingPolicy(inventory, pricing),
            containerEngine::problem,
            servicePorts,
            runner.networkUnavailable());
    runner
        .withoutCgroups()
        .ifPresent(
            reason ->
                LOG.warn(
                    "units get no cgroup of their own ({}): each is held by per-process rlimits"
                        + " and the size of its /tmp and /dev/shm only",
                    reason));
    Agent agent;
    try {
      agent =
          new Agent(
              config,
              client,
              key,
              inventory,
              state,
              txs,
              engine,
              runner,
              containers,
              containerEngine,
              unitEnv,
              lock,
              policy,
              params.liveness().heartbeatIntervalBlocks(),
              servicePorts);
    } catch (RuntimeException e) {
      containerEngine.close();
      throw e;
    }
    try {
      agent.resume(status.height());
    } catch (RuntimeException e) {
      agent.close();
      throw e;
    }
    return agent;
  }

  /**
   * Refuses, before anything is sent to the node, a state file that cannot be read or that follows
   * another chain (see {@link ChainMatch}).
   */
  private static void checkSavedState(
      AgentConfig config, Path home, NodeStatus status, String genesisHash) {
    Optional<AgentState.Snapshot> saved;
    try {
      saved = AgentState.read(config.workDir());
    } catch (AgentStateException e) {
      throw new AgentStartException(
          e.getMessage()
              + "; to start afresh run: gridwork agent start --home "
              + home
              + " --reset-state (the old state is kept as "
              + AgentState.FILE
              + ".old)");
    }
    saved.ifPresent(
        s ->
            ChainMatch.check(
                s,
                home,
                config.workDir(),
                config.nodeUrl(),
                status.chainId(),
                genesisHash,
                status.height()));
  }

  public Address address() {
    return self;
  }

  /** The port of {@code /metrics}, or 0 when it is off. */
  public int metricsPort() {
    return metricsPort;
  }

  public AgentState.Snapshot snapshot() {
    return state.snapshot();
  }

  /** The leases whose units or service this agent is running now. */
  public List<Hash> runningLeases() {
    List<Hash> running = new ArrayList<>(leases.keySet());
    running.addAll(services.keySet());
    return running;
  }

  /** The service leases this agent runs now, as {@code gridwork agent status} shows them. */
  public Map<Hash, AgentState.ServiceView> services() {
    Map<Hash, AgentState.ServiceView> views = new LinkedHashMap<>();
    services.forEach((id, runner) -> views.put(id, runner.view()));
    return views;
  }

  private static void register(
      GridworkClient client,
      TxSubmitter txs,
      Address self,
      AgentConfig config,
      Offer offer,
      SortedMap<String, String> attributes) {
    List<GpuInventory> groups = offer.inventory().groups();
    Optional<ProviderInfo> registered = client.provider(self);
    if (groups.isEmpty()) {
      if (registered.isPresent()) {
        return;
      }
      throw new AgentStartException(
          offer.cpuOnlyReason().orElse("no GPU")
              + "; the ledger registers providers with at least one GPU, so "
              + self
              + " cannot register. Run on a machine with an NVIDIA GPU, or pass --simulate-gpus"
              + " rtx4090:1 for a devnet");
    }
    long stake;
    if (registered.isEmpty()) {
      stake = config.stake();
    } else if (sameRegistration(registered.get(), groups, config, attributes)) {
      return;
    } else {
      stake = 0;
    }
    SubmitResult result =
        txs.submit(new RegisterProvider(groups, config.region(), config.tier(), attributes, stake));
    if (result instanceof SubmitResult.Rejected rejected) {
      throw new AgentStartException(
          "the node refused to register "
              + self
              + ": "
              + rejected.code()
              + " "
              + rejected.message());
    }
    TxStatus committed = client.awaitCommitted(result.hash(), REGISTER_WAIT);
    if (!committed.commit().ok()) {
      throw new AgentStartException(
          "registering "
              + self
              + " as a provider failed: "
              + committed.commit().code()
              + " "
              + committed.commit().message());
    }
    LOG.info(
        "{} provider {} with {} (stake bonded now: {} ugrid)",
        registered.isEmpty() ? "registered" : "updated",
        self,
        groups,
        stake);
  }

  private static boolean sameRegistration(
      ProviderInfo p,
      List<GpuInventory> groups,
      AgentConfig config,
      SortedMap<String, String> attributes) {
    List<GpuInventory> registered =
        p.gpus().stream().map(g -> new GpuInventory(g.model(), g.vramMib(), g.count())).toList();
    return registered.equals(groups)
        && p.region().equals(config.region())
        && p.tier().equals(config.tier())
        && new TreeMap<>(p.attributes()).equals(attributes);
  }

  /** Every offered model gets the table price whose key names it, else the default price. */
  static Map<String, Long> priceTable(AgentConfig config, Inventory inventory) {
    Map<String, Long> table = new TreeMap<>();
    for (GpuInventory group : inventory.groups()) {
      long price = config.defaultPrice();
      for (Map.Entry<String, Long> entry : config.prices().entrySet()) {
        if (GpuNames.priceKeyMatches(entry.getKey(), group.model())) {
          price = entry.getValue();
        }
      }
      table.put(group.model(), price);
    }
    return table;
  }

  /** Why container jobs cannot run here, or empty when a Docker engine answers. */
  private static List<AgentState.GpuView> views(Inventory inventory) {
    List<AgentState.GpuView> out = new ArrayList<>();
    for (GpuDevice d : inventory.devices()) {
      out.add(
          new AgentState.GpuView(
              d.index(),
              d.name(),
              d.memoryTotalMib(),
              d.powerLimitMilliwatts().orElse(0),
              d.simulated()));
    }
    return out;
  }

  /** Picks up held leases and open jobs, then follows blocks after the last one handled. */
  private void resume(long height) {
    for (AgentState.PendingBid bid : state.snapshot().pendingBids().values()) {
      book.restored(Hash.fromHex(bid.job()), bid.gpuModel(), bid.gpuCount());
    }
    List<LeaseInfo> held = client.openLeases(self);
    new StaleDirs(config.workDir(), leaseContext.unitLogs())
        .sweep(
            held.stream().map(lease -> lease.id().toHex()).collect(Collectors.toSet()),
            state.snapshot().audits().values().stream()
                .map(AuditRunner::dirName)
                .collect(Collectors.toSet()));
    for (LeaseInfo lease : held) {
      book.leaseWon(lease.jobId());
      startLease(lease);
    }
    latestHeight = height;
    for (AgentState.PendingAudit audit : state.snapshot().audits().values()) {
      startAudit(audit);
    }
    bidder =
        new Bidder(
            client,
            self,
            engine,
            book,
            txs,
            commits,
            state,
            metrics,
            knownJobs,
            this::freeGpus,
            height);
    for (JobInfo open : client.openJobs()) {
      bidder.opened(Bidder.Opening.created(open.id(), open.biddingClosesAt()));
    }
    dispatcher =
        new EventDispatcher(
            this,
            self,
            bidder,
            book,
            state,
            knownJobs,
            leases,
            services,
            audits,
            gpuLock,
            waitingForGpus);
    bidder.start();
    long from = state.snapshot().lastHeight() + 1;
    LOG.info(
        "agent {} following the chain from height {} with {} lease(s) resumed",
        self,
        from,
        leases.size());
    events = client.events(from, this::onBlock, this::eventsEnded);
  }

  /**
   * The event stream ended for good: the node refused it (its chain is behind this agent's state:
   * re-initialised while the agent ran) or handling a block threw. The agent follows no more
   * blocks, so it says so in one line with what to do.
   */
  private void eventsEnded(RuntimeException e) {
    if (stopping) {
      return;
    }
    String what =
        "the agent follows no more blocks: {}; stop it, and if the node's chain was re-initialised"
            + " start it again with --reset-state (its state in {} is set aside)";
    if (e instanceof GridworkClientException) {
      LOG.error(what, e.getMessage(), config.workDir());
    } else {
      LOG.error(what, e.getMessage(), config.workDir(), e);
    }
  }

  /**
   * Handles one block: its commits first (results the lease threads sent are counted), then its
   * events (jobs taking bids go to the bidder), then heartbeats, and the state is written once.
   */
  private void onBlock(BlockEvent block) {
    synchronized (blockLock) {
      if (!stopping) {
        handleBlock(block);
      }
    }
  }

  private void handleBlock(BlockEvent block) {
    latestHeight = block.height();
    List<EventInfo> all = new ArrayList<>();
    List<Map.Entry<Hash, String>> codes = new ArrayList<>();
    for (BlockEvent.TxEvents tx : block.txs()) {
      codes.add(Map.entry(tx.hash(), tx.code()));
      all.addAll(tx.events());
    }
    commits.block(block.height(), codes);
    try {
      txs.block(block.height(), codes.stream().map(Map.Entry::getKey).toList());
    } catch (RuntimeException e) {
      failed("checking the transactions sent at height " + block.height(), e);
    }
    all.addAll(block.blockEvents());
    AgentState.Changes changes = AgentState.Changes.of(block.height());
    for (EventInfo event : all) {
      try {
        dispatcher.handle(event, block.height(), changes);
      } catch (RuntimeException e) {
        failed("handling " + event.type() + " at height " + block.height(), e);
      }
    }
    bidder.chainAt(block.height());
    if (block.height() % heartbeatIntervalBlocks == 0) {
      try {
        heartbeats();
      } catch (RuntimeException e) {
        failed("heartbeats at height " + block.height(), e);
      }
    }
    for (AuditRunner runner : audits.values()) {
      if (block.height() >= runner.audit().deadline()) {
        runner.expire();
      }
    }
    state.record(changes, System.currentTimeMillis());
  }

  /** Logs a failure, unless the agent is stopping and the failure is the stop interrupting it. */
  private void failed(String what, RuntimeException e) {
    if (stopping) {
      LOG.debug("{} ended by the agent stopping: {}", what, e.getMessage());
    } else {
      LOG.error("{} failed: {}", what, e.getMessage(), e);
    }
  }

  /**
   * Cards of {@code model} free for a bid whose auction closes at {@code closesAt}: not held by a
   * lease (running or waiting for its cards) or an audit, and not expected to be taken by this
   * agent's other bids in that auction. An audit may take a card a bid counted on before the
   * auction: the bid is a forecast, and the ledger passes a job whose winner has no free card to
   * the next bid.
   */
  private int freeGpus(String model, long closesAt) {
    int held =
        leases.values().stream()
                .filter(r -> r.lease().gpuModel().equals(model))
                .mapToInt(r -> r.lease().gpuCount())
                .sum()
            + services.values().stream()
                .filter(r -> r.lease().gpuModel().equals(model))
                .mapToInt(r -> r.lease().gpuCount())
                .sum();
    synchronized (gpuLock) {
      held +=
          waitingForGpus.values().stream()
              .filter(l -> l.gpuModel().equals(model))
              .mapToInt(LeaseInfo::gpuCount)
              .sum();
      held +=
          auditGpus.values().stream()
              .filter(c -> c.model().equals(model))
              .mapToInt(c -> c.indices().size())
              .sum();
    }
    return gpus.total(model) - held - book.reserved(model, closesAt);
  }

  /** Starts re-executing an assigned audit unless it runs already or its deadline passed. */
  void startAudit(AgentState.PendingAudit audit) {
    if (stopping || audits.containsKey(audit.key())) {
      return;
    }
    if (latestHeight >= audit.deadline()) {
      LOG.warn(
          "audit of job {} unit {}: its deadline (block {}) passed while the agent was away",
          audit.job(),
          audit.unit(),
          audit.deadline());
      state.auditEnded(audit.key(), false, true, System.currentTimeMillis());
      return;
    }
    AuditRunner runner =
        new AuditRunner(
            audit,
            leaseContext,
            new AuditGpus(audit.key()),
            () -> latestHeight,
            () -> audits.remove(audit.key()));
    audits.put(audit.key(), runner);
    runner.start();
  }

  /** Free cards for one audit, taken with the cards leases take, for the auction next block. */
  private final class AuditGpus implements AuditRunner.GpuClaims {
    private final String key;

    AuditGpus(String key) {
      this.key = key;
    }

    @Override
    public Optional<AuditRunner.Claimed> take(GpuRequest wanted) {
      if (wanted.count() == 0) {
        return Optional.of(new AuditRunner.Claimed("", List.of()));
      }
      synchronized (gpuLock) {
        for (GpuInventory group : engine.acceptableGroups(wanted)) {
          if (freeGpus(group.model(), latestHeight + 1) < wanted.count()) {
            continue;
          }
          Optional<List<Integer>> taken = gpus.take(group.model(), wanted.count());
          if (taken.isPresent()) {
            AuditRunner.Claimed claimed = new AuditRunner.Claimed(group.model(), taken.get());
            auditGpus.put(key, claimed);
            return Optional.of(claimed);
          }
        }
        return Optional.empty();
      }
    }

    @Override
    public void release(AuditRunner.Claimed claimed) {
      List<LeaseInfo> waiting;
      synchronized (gpuLock) {
        auditGpus.remove(key);
        gpus.release(claimed.indices());
        waiting = List.copyOf(waitingForGpus.values());
      }
      waiting.forEach(Agent.this::startLease);
    }
  }

  /** Fetches a lease this agent just won and starts it, off the event thread. */
  void startLeaseAsync(Hash leaseId) {
    Thread.ofVirtual()
        .name("lease-start-" + leaseId.toHex().substring(0, 8))
        .start(
            () -> {
              try {
                client.lease(leaseId).ifPresent(this::startLease);
              } catch (RuntimeException e) {
                failed("starting lease " + leaseId, e);
              }
            });
  }

  /**
   * Starts the lease's runner on cards of its own. When they are still held by a lease whose last
   * result is being committed (the ledger frees cards in the block that pays the unit and may lease
   * them again in the same block), the lease waits and starts as soon as they are released.
   */
  void startLease(LeaseInfo lease) {
    synchronized (gpuLock) {
      if (stopping
          || !lease.open()
          || leases.containsKey(lease.id())
          || services.containsKey(lease.id())
          || leaseContext.givenUp().contains(lease.id())) {
        return;
      }
      List<Integer> indices = List.of();
      if (lease.gpuCount() > 0) {
        Optional<List<Integer>> taken = gpus.take(lease.gpuModel(), lease.gpuCount());
        if (taken.isEmpty()) {
          if (waitingForGpus.putIfAbsent(lease.id(), lease) == null) {
            LOG.info(
                "lease {} waits for {} x {} still held by an ending lease",
                lease.id(),
                lease.gpuCount(),
                lease.gpuModel());
          }
          return;
        }
        indices = taken.get();
      }
      waitingForGpus.remove(lease.id());
      List<Integer> pinned = indices;
      if (SERVICE_KIND.equals(lease.kind())) {
        ServiceRunner runner =
            new ServiceRunner(
                lease,
                pinned,
                leaseContext,
                ServiceRunner.Checks.of(config),
                servicePorts,
                () -> leaseEnded(lease.id(), pinned));
        services.put(lease.id(), runner);
        runner.start();
        return;
      }
      LeaseRunner runner =
          new LeaseRunner(lease, pinned, leaseContext, () -> leaseEnded(lease.id(), pinned));
      leases.put(lease.id(), runner);
      runner.start();
    }
  }

  /** A runner ended: its cards go back to the pool and to the leases waiting for them. */
  private void leaseEnded(Hash leaseId, List<Integer> pinned) {
    List<LeaseInfo> waiting;
    synchronized (gpuLock) {
      leases.remove(leaseId);
      services.remove(leaseId);
      gpus.release(pinned);
      waiting = List.copyOf(waitingForGpus.values());
    }
    waiting.forEach(this::startLease);
  }

  void stopLease(Hash leaseId) {
    synchronized (gpuLock) {
      waitingForGpus.remove(leaseId);
    }
    LeaseRunner runner = leases.get(leaseId);
    if (runner != null) {
      LOG.info("lease {} ended: stopping its units", leaseId);
      runner.end();
    }
    ServiceRunner service = services.get(leaseId);
    if (service != null) {
      LOG.info("service lease {} ended: stopping the service", leaseId);
      service.stop();
    }
  }

  /**
   * One heartbeat per running lease, at the cadence the ledger's liveness parameters set, suspended
   * leases included: a heartbeat is what resumes them; all in one batch. A service lease is
   * heartbeated only while its service is live: a heartbeat claims that it runs, and the buyer pays
   * for the blocks it covers. Also restarts the runner of any lease the ledger says is open and
   * this agent is not running (one stopped by a node outage, say), so a transient failure does not
   * strand a lease.
   */
  private void heartbeats() {
    // Leases running now, before the restarts: a lease the ledger lists as open and no runner
    // holds has mostly sent its last result already, which closes it before a heartbeat would land.
    List<Hash> running = new ArrayList<>(leases.keySet());
    services.forEach(
        (id, service) -> {
          if (service.live()) {
            running.add(id);
          }
        });
    client.openLeases(self).forEach(this::startLease);
    List<SubmitResult> results =
        txs.submitAll(running.stream().map(id -> (TxBody) new Heartbeat(id)).toList());
    for (int i = 0; i < running.size(); i++) {
      if (results.get(i) instanceof SubmitResult.Rejected rejected) {
        LOG.warn(
            "heartbeat for lease {} refused: {} {}",
            running.get(i),
            rejected.code(),
            rejected.message());
      }
    }
  }

  /**
   * The ledger suspended a lease this agent holds (it was down, or its heartbeats did not land): a
   * heartbeat now resumes it before the next scheduled one.
   */
  void resumeSuspended(Hash leaseId) {
    if (!leases.containsKey(leaseId) && !services.containsKey(leaseId)) {
      client.lease(leaseId).ifPresent(this::startLease);
    }
    ServiceRunner service = services.get(leaseId);
    if (service != null && !service.live()) {
      LOG.warn(
          "service lease {} was suspended; it is heartbeated again once the service is live",
          leaseId);
    }
    if (leases.containsKey(leaseId) || (service != null && service.live())) {
      LOG.warn("lease {} was suspended for silence; sending a heartbeat to resume it", leaseId);
      heartbeat(leaseId);
    }
  }

  private void heartbeat(Hash leaseId) {
    SubmitResult result = txs.submit(new Heartbeat(leaseId));
    if (result instanceof SubmitResult.Rejected rejected) {
      LOG.warn(
          "heartbeat for lease {} refused: {} {}", leaseId, rejected.code(), rejected.message());
    }
  }

  /** Stops following the chain and cancels running units; a new agent on this home resumes. */
  @Override
  public void close() {
    synchronized (blockLock) {
      if (stopping) {
        return;
      }
      stopping = true;
    }
    try {
      if (events != null) {
        events.close();
      }
    } catch (Exception e) {
      LOG.warn("closing the event stream failed: {}", e.getMessage(), e);
    }
    if (bidder != null) {
      bidder.close();
    }
    containerEngine.close();
    commits.close();
    // Lease and service runners start under the GPU lock after checking that the agent is not
    // stopping, and audits only while a block is handled, so these copies hold every runner that
    // will ever start.
    List<LeaseRunner> running;
    List<AuditRunner> auditing;
    List<ServiceRunner> serving;
    synchronized (gpuLock) {
      running = List.copyOf(leases.values());
      auditing = List.copyOf(audits.values());
      serving = List.copyOf(services.values());
    }
    running.forEach(LeaseRunner::cancel);
    auditing.forEach(AuditRunner::cancel);
    serving.forEach(ServiceRunner::stop);
    try {
      for (LeaseRunner runner : running) {
        runner.join(STOP_WAIT);
      }
      for (ServiceRunner runner : serving) {
        runner.join(STOP_WAIT);
      }
      for (AuditRunner runner : auditing) {
        runner.join(STOP_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    metrics.close();
    state.stopped(System.currentTimeMillis());
    lock.close();
    LOG.info("agent {} stopped", self);
  }
}
