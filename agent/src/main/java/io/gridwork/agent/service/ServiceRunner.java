package io.gridwork.agent.service;

import io.gridwork.agent.daemon.AgentConfig;
import io.gridwork.agent.runtime.PublishedPort;
import io.gridwork.agent.runtime.ServiceInstance;
import io.gridwork.agent.runtime.ServiceStart;
import io.gridwork.agent.runtime.UnitDirs;
import io.gridwork.agent.state.AgentState;
import io.gridwork.agent.work.LeaseContext;
import io.gridwork.agent.work.UnitSetup;
import io.gridwork.agent.work.WorkloadRuntime;
import io.gridwork.api.LeaseInfo;
import io.gridwork.client.GridworkClientException;
import io.gridwork.client.SubmitResult;
import io.gridwork.protocol.spec.ExposedPort;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.tx.CloseLease;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the long-lived process of one service lease this provider won, and says whether it is live:
 * a heartbeat is the provider's claim that the service runs, so the agent sends one only while
 * {@link #live()}. Live means the process runs and every exposed port accepts a TCP connection on
 * 127.0.0.1; until the ports open after a start, the start-up grace period lets failed checks pass.
 * A process that exits, or fails its checks {@code serviceProbeFailures} times in a row, is killed
 * with everything it started and started again after a back-off of 1 s, doubling up to 60 s, back
 * to 1 s once it has stayed live for a minute.
 *
 * <p>Lifecycle: created by the agent, {@link #start}ed once on its own virtual thread, {@link
 * #stop}ped from any thread when the lease or its job ends or the agent stops; the thread then asks
 * the process to end (SIGTERM), waits {@link #STOP_GRACE}, kills what is left, and runs {@code
 * onEnd} once. The service runs as a sandboxed process or, for a job with a container image, as a
 * container with its ports published, pulled before its first start; either is a {@link
 * ServiceInstance} and supervised the same way.
 */
public final class ServiceRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceRunner.class);
  static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
  private static final int TAIL_LINES = 10;

  /** Where a service is in its life; only LIVE is heartbeated. */
  enum State {
    STARTING,
    LIVE,
    UNHEALTHY,
    RESTARTING,
    STOPPING
  }

  /** How services are checked, from the agent's settings. */
  public record Checks(Duration startup, Duration interval, int failures) {
    public static Checks of(AgentConfig config) {
      return new Checks(
          Duration.ofSeconds(config.serviceStartupSeconds()),
          Duration.ofMillis(config.serviceProbeIntervalMillis()),
          config.serviceProbeFailures());
    }
  }

  private final LeaseInfo lease;
  private final List<Integer> gpuIndices;
  private final LeaseContext ctx;
  private final Checks checks;
  private final ServicePorts servicePorts;
  private final Runnable onEnd;
  private final Path leaseDir;
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private volatile State state = State.STARTING;
  private volatile List<Integer> ports = List.of();
  private volatile int restarts;
  private volatile long liveSinceMillis;
  private volatile String lastProblem = "";
  private final Object tails = new Object();
  private String stdoutTail = "";
  private String stderrTail = "";
  private final RestartBackoff backoff;
  private Thread thread;

  /**
   * @param servicePorts the ports this agent's services hold: the lease's are claimed before the
   *     first start (a lease whose port is taken is given back at once) and released at its end
   */
  public ServiceRunner(
      LeaseInfo lease,
      List<Integer> gpuIndices,
      LeaseContext ctx,
      Checks checks,
      ServicePorts servicePorts,
      Runnable onEnd) {
    this.lease = lease;
    this.gpuIndices = List.copyOf(gpuIndices);
    this.ctx = ctx;
    this.checks = checks;
    this.servicePorts = servicePorts;
    this.onEnd = onEnd;
    this.backoff = new RestartBackoff(ctx.clock());
    this.leaseDir = ctx.config().workDir().resolve("leases").resolve(lease.id().toHex());
  }

  public LeaseInfo lease() {
    return lease;
  }

  /** True while the service's process runs and its ports answer: the only time to heartbeat. */
  public boolean live() {
    return state == State.LIVE;
  }

  /** The name of the lease's container, the same on every start so a leftover can be removed. */
  private String containerName() {
    return "gridwork-svc-" + lease.id().toHex().substring(0, 8);
  }

  /** The ports the service exposes, known once its job was read. */
  List<Integer> ports() {
    return ports;
  }

  public AgentState.ServiceView view() {
    return view(null);
  }

  public synchronized void start() {
    thread =
        Thread.ofVirtual().name("service-" + lease.id().toHex().substring(0, 8)).start(this::run);
  }

  /** Ends the service; returns at once, the runner's thread stops the process. */
  public void stop() {
    stopSignal.countDown();
  }

  /** Waits for the runner to end, at most {@code limit}. */
  public void join(Duration limit) throws InterruptedException {
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null) {
      t.join(limit);
    }
  }

  private boolean stopping() {
    return stopSignal.getCount() == 0;
  }

  private void run() {
    try {
      serve();
    } catch (GridworkClientException | UncheckedIOException e) {
      LOG.error(
          "service lease {}: stopped by a node or disk failure: {}", lease.id(), e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      servicePorts.release(lease.jobId());
      ctx.state().serviceEnded(lease.id().toHex(), ctx.clock().millis());
      onEnd.run();
    }
  }

  private void serve() throws InterruptedException {
    Optional<JobSpec> open = ctx.openJobSpec(lease.jobId());
    if (open.isEmpty()) {
      return;
    }
    JobSpec spec = open.get();
    ports = spec.expose().stream().map(ExposedPort::port).toList();
    WorkloadRuntime runtime = ctx.runtimes().of(spec);
    runtime.removeLeftover(containerName());
    Optional<String> taken = servicePorts.claim(lease.jobId(), ports);
    if (taken.isPresent()) {
      giveUp(taken.get());
      return;
    }
    Function<UnitDirs, ServiceStart> starter;
    try {
      starter = runtime.service(gpuIndices, published(spec), containerName());
    } catch (IllegalArgumentException e) {
      giveUp("the service cannot run here: " + e.getMessage());
      return;
    }
    Optional<String> problem = ctx.prepareLease(lease.jobId(), spec, leaseDir.resolve("inputs"));
    if (problem.isPresent()) {
      giveUp(problem.get());
      return;
    }
    // The work directory is prepared once per run of the lease and kept across restarts, so a
    // service finds what it downloaded or built before it crashed.
    UnitDirs dirs =
        UnitSetup.prepare(leaseDir.resolve("service"), leaseDir.resolve("inputs"), spec.inputs());
    LOG.info(
        "service lease {} of job {}: starting, exposing ports {}",
        lease.id(),
        lease.jobId(),
        ports);
    while (!stopping()) {
      ServiceInstance instance;
      switch (starter.apply(dirs)) {
        case ServiceStart.Started started -> instance = started.instance();
        case ServiceStart.NotStarted notStarted -> {
          giveUp(notStarted.reason());
          return;
        }
      }
      Instant began = ctx.clock().instant();
      Optional<String> ended;
      try {
        ended = supervise(instance);
      } finally {
        state = State.STOPPING;
        instance.stop(STOP_GRACE);
        accountEnergy(Duration.between(began, ctx.clock().instant()));
      }
      liveSinceMillis = 0;
      if (ended.isEmpty()) {
        return;
      }
      Duration wait = backoff.restart();
      restarts++;
      lastProblem = ended.get();
      state = State.RESTARTING;
      LOG.warn(
          "service lease {}: {}; restart {} in {} s",
          lease.id(),
          lastProblem,
          restarts,
          wait.toSeconds());
      publish(instance);
      if (stopSignal.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        return;
      }
    }
  }

  /** The job's exposed ports, published on the host. */
  private static List<PublishedPort> published(JobSpec spec) {
    return spec.expose().stream().map(e -> new PublishedPort(e.port(), e.global())).toList();
  }

  /**
   * Checks the instance every interval until it fails for good, returning why it must be restarted,
   * or until the runner is stopped, returning empty.
   */
  private Optional<String> supervise(ServiceInstance instance) throws InterruptedException {
    Instant started = ctx.clock().instant();
    backoff.started();
    int failures = 0;
    state = State.STARTING;
    publish(instance);
    while (!stopSignal.await(checks.interval().toMillis(), TimeUnit.MILLISECONDS)) {
      backoff.checking();
      OptionalInt exit = instance.exitCode();
      if (exit.isPresent()) {
        return Optional.of(
            "the process exited with status " + exit.getAsInt() + lastLine(instance));
      }
      Optional<String> refused = probe();
      if (refused.isEmpty()) {
        failures = 0;
        if (state != State.LIVE) {
          backoff.live();
          liveSinceMillis = ctx.clock().millis();
          state = State.LIVE;
          LOG.info(
              "service lease {}: live{}", lease.id(), ports.isEmpty() ? "" : " on ports " + ports);
          publish(instance);
        }
        continue;
      }
      boolean starting =
          state == State.STARTING
              && Duration.between(started, ctx.clock().instant()).compareTo(checks.startup()) < 0;
      if (starting) {
        continue;
      }
      failures++;
      backoff.failedCheck();
      liveSinceMillis = 0;
      lastProblem = refused.get();
      if (failures >= checks.failures()) {
        return Optional.of(refused.get() + ", " + failures + " checks in a row");
      }
      if (state != State.UNHEALTHY) {
        state = State.UNHEALTHY;
        LOG.warn("service lease {}: {}", lease.id(), refused.get());
      }
      publish(instance);
    }
    return Optional.empty();
  }

  /** Empty when every exposed port accepts a connection; else the first that does not. */
  private Optional<String> probe() {
    for (int port : ports) {
      Optional<String> refused = HostPorts.refuses(port, PROBE_TIMEOUT);
      if (refused.isPresent()) {
        return refused;
      }
    }
    return Optional.empty();
  }

  private void publish(ServiceInstance instance) {
    ctx.state().serviceChanged(view(instance), ctx.clock().millis());
  }

  private AgentState.ServiceView view(ServiceInstance instance) {
    String out;
    String err;
    synchronized (tails) {
      if (instance != null) {
        stdoutTail = lastLines(instance.stdoutTail());
        stderrTail = lastLines(instance.stderrTail());
      }
      out = stdoutTail;
      err = stderrTail;
    }
    return new AgentState.ServiceView(
        lease.id().toHex(),
        lease.jobId().toHex(),
        state.name(),
        restarts,
        liveSinceMillis,
        ports,
        lastProblem,
        out,
        err);
  }

  private static String lastLines(String text) {
    List<String> lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
  }

  private static String lastLine(ServiceInstance instance) {
    List<String> lines = instance.stderrTail().lines().filter(l -> !l.isBlank()).toList();
    return lines.isEmpty() ? "" : " (stderr: " + lines.getLast().strip() + ")";
  }

  /** Counted at the cards' power limit for the time the process ran, like a unit's. */
  private void accountEnergy(Duration ran) {
    long milliwatts =
        lease.gpuCount() == 0
            ? 0
            : ctx.inventory().powerLimitMilliwatts(lease.gpuModel()).orElse(0) * lease.gpuCount();
    ctx.state().energyUsed(Math.multiplyExact(milliwatts, ran.toMillis()), ctx.clock().millis());
  }

  /** Gives the lease back: the buyer stops paying and may rent elsewhere. */
  private void giveUp(String why) {
    ctx.givenUp().add(lease.id());
    lastProblem = why;
    LOG.warn("service lease {}: giving it up: {}", lease.id(), why);
    SubmitResult result = ctx.txs().submit(new CloseLease(lease.id()));
    if (result instanceof SubmitResult.Rejected rejected) {
      LOG.error(
          "service lease {}: the node refused to close it: {} {}",
          lease.id(),
          rejected.code(),
          rejected.message());
    }
    ctx.state().leaseGivenUp(ctx.clock().millis());
  }
}
