package io.gridwork.agent.lease;

import io.gridwork.agent.gpu.GpuAllocator;
import io.gridwork.agent.service.ServicePorts;
import io.gridwork.agent.service.ServiceRunner;
import io.gridwork.agent.state.AgentState;
import io.gridwork.agent.work.LeaseContext;
import io.gridwork.api.LeaseInfo;
import io.gridwork.client.GridworkClient;
import io.gridwork.client.SubmitResult;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.tx.Heartbeat;
import io.gridwork.protocol.tx.TxBody;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch and service leases this agent runs, so that starting one on its cards, stopping it,
 * heartbeating it and picking it up again after an outage happen in one place.
 *
 * <p>Threads: leases are started from the event thread, from short-lived virtual threads fetching a
 * lease just won, and from runner threads handing their cards on to waiting leases; a start takes
 * this object's lock, so the check that the agent is not stopping and the runner's registration
 * happen together, and {@link #close} sees every runner that will ever start. Cards are taken and
 * given back through the {@link GpuAllocator}, whose lock is only ever taken inside this one.
 */
public final class Leases {
  private static final Logger LOG = LoggerFactory.getLogger(Leases.class);
  private static final String SERVICE_KIND = "service";

  private final GridworkClient client;
  private final Address self;
  private final GpuAllocator gpus;
  private final LeaseContext ctx;
  private final ServicePorts servicePorts;
  private final Map<Hash, LeaseRunner> leases = new ConcurrentHashMap<>();
  private final Map<Hash, ServiceRunner> services = new ConcurrentHashMap<>();
  private final ServiceRunner.Checks checks;
  private final List<LeaseRunner> stopped = new ArrayList<>();
  private final List<ServiceRunner> stoppedServices = new ArrayList<>();
  private boolean closed;

  public Leases(GpuAllocator gpus, LeaseContext ctx, ServicePorts servicePorts) {
    this.client = ctx.client();
    this.self = ctx.key().address();
    this.gpus = gpus;
    this.ctx = ctx;
    this.servicePorts = servicePorts;
    this.checks = ServiceRunner.Checks.of(ctx.config());
  }

  /** The batch leases running now, by id; a live view. */
  public Map<Hash, LeaseRunner> batch() {
    return leases;
  }

  /** The service leases running now, by id; a live view. */
  public Map<Hash, ServiceRunner> services() {
    return services;
  }

  public int size() {
    return leases.size() + services.size();
  }

  /** The leases whose units or service this agent is running now. */
  public List<Hash> running() {
    List<Hash> running = new ArrayList<>(leases.keySet());
    running.addAll(services.keySet());
    return running;
  }

  /** The service leases this agent runs now, as {@code gridwork agent status} shows them. */
  public Map<Hash, AgentState.ServiceView> serviceViews() {
    Map<Hash, AgentState.ServiceView> views = new LinkedHashMap<>();
    services.forEach((id, runner) -> views.put(id, runner.view()));
    return views;
  }

  /**
   * Starts the lease's runner on cards of its own, or lets it wait for cards still held by an
   * ending lease (see {@link GpuAllocator#commit}).
   */
  public synchronized void start(LeaseInfo lease) {
    if (closed || !lease.open() || ctx.givenUp().contains(lease.id())) {
      return;
    }
    List<Integer> pinned;
    switch (gpus.commit(lease)) {
      case GpuAllocator.Commit.Granted granted -> pinned = granted.cards().indices();
      case GpuAllocator.Commit.Waiting waiting -> {
        LOG.info(
            "lease {} waits for {} x {} still held by an ending lease",
            lease.id(),
            lease.gpuCount(),
            lease.gpuModel());
        return;
      }
      case GpuAllocator.Commit.AlreadyHeld held -> {
        return;
      }
    }
    if (SERVICE_KIND.equals(lease.kind())) {
      ServiceRunner runner =
          new ServiceRunner(
              lease, pinned, ctx, checks, servicePorts, () -> ended(lease.id(), true));
      services.put(lease.id(), runner);
      runner.start();
      return;
    }
    LeaseRunner runner = new LeaseRunner(lease, pinned, ctx, () -> ended(lease.id(), false));
    leases.put(lease.id(), runner);
    runner.start();
  }

  /** Fetches a lease this agent just won and starts it, off the event thread. */
  public void startAsync(Hash leaseId, Failures failures) {
    Thread.ofVirtual()
        .name("lease-start-" + leaseId.toHex().substring(0, 8))
        .start(
            () -> {
              try {
                client.lease(leaseId).ifPresent(this::start);
              } catch (RuntimeException e) {
                failures.failed("starting lease " + leaseId, e);
              }
            });
  }

  /** A runner ended: its cards go back, and to the leases waiting for them. */
  private void ended(Hash leaseId, boolean service) {
    if (service) {
      services.remove(leaseId);
    } else {
      leases.remove(leaseId);
    }
    gpus.release(leaseId).forEach(this::start);
  }

  /** Cards an audit gave back go to the leases waiting for them. */
  public void cardsFreed(List<LeaseInfo> waiting) {
    waiting.forEach(this::start);
  }

  public void stop(Hash leaseId) {
    gpus.stopWaiting(leaseId);
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
  public void heartbeats() {
    // Leases running now, before the restarts: a lease the ledger lists as open and no runner
    // holds has mostly sent its last result already, which closes it before a heartbeat would land.
    List<Hash> running = new ArrayList<>(leases.keySet());
    services.forEach(
        (id, service) -> {
          if (service.live()) {
            running.add(id);
          }
        });
    client.openLeases(self).forEach(this::start);
    List<SubmitResult> results =
        ctx.txs().submitAll(running.stream().map(id -> (TxBody) new Heartbeat(id)).toList());
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
  public void resumeSuspended(Hash leaseId) {
    if (!leases.containsKey(leaseId) && !services.containsKey(leaseId)) {
      client.lease(leaseId).ifPresent(this::start);
    }
    ServiceRunner service = services.get(leaseId);
    if (service != null && !service.live()) {
      LOG.warn(
          "service lease {} was suspended; it is heartbeated again once the service is live",
          leaseId);
    }
    if (leases.containsKey(leaseId) || (service != null && service.live())) {
      LOG.warn("lease {} was suspended for silence; sending a heartbeat to resume it", leaseId);
      SubmitResult result = ctx.txs().submit(new Heartbeat(leaseId));
      if (result instanceof SubmitResult.Rejected rejected) {
        LOG.warn(
            "heartbeat for lease {} refused: {} {}", leaseId, rejected.code(), rejected.message());
      }
    }
  }

  /**
   * No lease starts any more, and the running ones are cancelled: their units stop without results,
   * and a new agent on this home resumes them. Returns at once; {@link #await} waits for them.
   */
  public void cancel() {
    List<LeaseRunner> running;
    List<ServiceRunner> serving;
    synchronized (this) {
      closed = true;
      running = List.copyOf(leases.values());
      serving = List.copyOf(services.values());
    }
    running.forEach(LeaseRunner::cancel);
    serving.forEach(ServiceRunner::stop);
    stopped.addAll(running);
    stoppedServices.addAll(serving);
  }

  /** Waits for the runners {@link #cancel} stopped, at most {@code wait} each. */
  public void await(Duration wait) throws InterruptedException {
    for (LeaseRunner runner : stopped) {
      runner.join(wait);
    }
    for (ServiceRunner runner : stoppedServices) {
      runner.join(wait);
    }
  }

  /** Where work that runs off the event thread says it failed. */
  @FunctionalInterface
  public interface Failures {
    void failed(String what, RuntimeException e);
  }
}
