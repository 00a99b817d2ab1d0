package io.gridwork.agent.daemon;

import io.gridwork.agent.audit.AuditRunner;
import io.gridwork.agent.audit.Audits;
import io.gridwork.agent.bidding.BidBook;
import io.gridwork.agent.bidding.BidEngine;
import io.gridwork.agent.bidding.Bidder;
import io.gridwork.agent.gpu.GpuAllocator;
import io.gridwork.agent.gpu.GpuProbe;
import io.gridwork.agent.gpu.Inventory;
import io.gridwork.agent.gpu.ProbeResult;
import io.gridwork.agent.gpu.SimulatedGpus;
import io.gridwork.agent.lease.LeaseRunner;
import io.gridwork.agent.lease.Leases;
import io.gridwork.agent.service.ServicePorts;
import io.gridwork.agent.service.ServiceRunner;
import io.gridwork.agent.state.AgentState;
import io.gridwork.agent.work.AgentMetrics;
import io.gridwork.agent.work.CommitWatch;
import io.gridwork.agent.work.LeaseContext;
import io.gridwork.agent.work.Runtimes;
import io.gridwork.agent.work.TxSubmitter;
import io.gridwork.agent.work.UnitLogs;
import io.gridwork.api.BlockEvent;
import io.gridwork.api.JobInfo;
import io.gridwork.api.LeaseInfo;
import io.gridwork.client.GridworkClient;
import io.gridwork.client.GridworkClientException;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
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
 * <p>Parts: the {@link EventDispatcher} turns each block into actions; {@link Leases} runs the
 * batch and service leases won ({@link LeaseRunner}, {@link ServiceRunner}); {@link Audits}
 * re-executes units the ledger names this provider the auditor of; the {@link Bidder} bids; the
 * {@link GpuAllocator} is the one owner of the cards all of them use. The wall clock is read only
 * through the {@link Clock} given at start.
 *
 * <p>Threads: the event stream's thread handles blocks (auctions settled, leases started and
 * stopped, results counted, audits assigned, heartbeats); the {@link Bidder}'s thread places bids;
 * a lease this agent won but cannot read from its event is fetched on a short-lived virtual thread,
 * each lease and each audit runs on its own virtual threads, and a {@link ContainerEngineWatch}
 * asks every {@code containerProbeSeconds} whether a Docker engine answers for container jobs.
 * Which thread owns what is said by each part; the bid book, the shared maps and the state are
 * thread-safe.
 */
public final class Agent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);

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
  private final Address self;
  private final AgentState state;
  private final BidEngine engine;
  private final GpuAllocator gpus;
  private final LeaseContext leaseContext;
  private final AgentMetrics metrics;
  private final Leases leases;
  private final Audits audits;
  private final BidBook book;
  private final AtomicLong latestHeight = new AtomicLong();
  private final long heartbeatIntervalBlocks;
  private final int metricsPort;
  private final WorkDirLock lock;
  private final ContainerEngineWatch containerEngine;
  private final Clock clock;

  /**
   * Held while a block is handled and while the agent starts stopping, so that a block in progress
   * finishes (its leases started, its state written) before the stop, and none is handled after.
   */
  private final Object blockLock = new Object();

  private volatile boolean stopping;
  private AutoCloseable events;
  private Bidder bidder;
  private EventDispatcher dispatcher;

  Agent(
      AgentConfig config,
      GridworkClient client,
      KeyPair key,
      Inventory inventory,
      AgentState state,
      TxSubmitter txs,
      BidEngine engine,
      Runtimes runtimes,
      ContainerEngineWatch containerEngine,
      WorkDirLock lock,
      ResultPolicy policy,
      long heartbeatIntervalBlocks,
      ServicePorts servicePorts,
      Clock clock) {
    this.lock = lock;
    this.book = new BidBook(servicePorts);
    this.containerEngine = containerEngine;
    this.heartbeatIntervalBlocks = heartbeatIntervalBlocks;
    this.config = config;
    this.client = client;
    this.self = key.address();
    this.state = state;
    this.engine = engine;
    this.clock = clock;
    this.gpus = new GpuAllocator(inventory, book::reserved);
    this.metrics = new AgentMetrics(this::runningCount);
    this.leaseContext =
        new LeaseContext(
            client,
            key,
            txs,
            state,
            runtimes,
            config,
            inventory,
            new Semaphore(config.maxConcurrentUnits()),
            metrics,
            ConcurrentHashMap.newKeySet(),
            policy,
            new CommitWatch(LeaseRunner.COMMIT_WAIT, clock),
            new ConcurrentHashMap<>(),
            new UnitLogs(config.workDir().resolve("unit-logs"), clock),
            clock);
    this.leases = new Leases(gpus, leaseContext, servicePorts);
    this.audits = new Audits(leaseContext, gpus, engine, leases, latestHeight::get, clock);
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
      return AgentStart.start(
          config, home, key, offer, gridworkJar, lock, policy, Clock.systemUTC());
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
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
    return leases.running();
  }

  private int runningCount() {
    return leases.size();
  }

  /** The service leases this agent runs now, as {@code gridwork agent status} shows them. */
  public Map<Hash, AgentState.ServiceView> services() {
    return leases.serviceViews();
  }

  /** Picks up held leases and open jobs, then follows blocks after the last one handled. */
  void resume(long height) {
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
      leases.start(lease);
    }
    latestHeight.set(height);
    for (AgentState.PendingAudit audit : state.snapshot().audits().values()) {
      audits.start(audit);
    }
    bidder =
        new Bidder(
            client,
            self,
            engine,
            book,
            leaseContext.txs(),
            leaseContext.commits(),
            state,
            metrics,
            leaseContext.knownJobs(),
            gpus::free,
            height,
            clock);
    for (JobInfo open : client.openJobs()) {
      bidder.opened(Bidder.Opening.created(open.id(), open.biddingClosesAt()));
    }
    dispatcher =
        new EventDispatcher(
            leaseContext,
            bidder,
            book,
            leases,
            audits,
            gpus,
            latestHeight,
            heartbeatIntervalBlocks,
            this::failed,
            clock);
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
        dispatcher.block(block);
      }
    }
  }

  /** Logs a failure, unless the agent is stopping and the failure is the stop interrupting it. */
  private void failed(String what, RuntimeException e) {
    if (stopping) {
      LOG.debug("{} ended by the agent stopping: {}", what, e.getMessage());
    } else {
      LOG.error("{} failed: {}", what, e.getMessage(), e);
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
    leaseContext.commits().close();
    leases.cancel();
    audits.cancel();
    try {
      leases.await(STOP_WAIT);
      audits.await(STOP_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    metrics.close();
    state.stopped(clock.millis());
    lock.close();
    LOG.info("agent {} stopped", self);
  }
}
