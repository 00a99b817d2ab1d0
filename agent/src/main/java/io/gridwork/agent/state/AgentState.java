package io.gridwork.agent.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gridwork.agent.daemon.AgentStartException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * What the agent must remember across restarts (the last block it handled, its open bids, the unit
 * results it already sent, the audits it was assigned and has not answered) and what {@code
 * gridwork agent status} shows (recent decisions, counters), kept in {@code <workDir>/state.json}.
 * Every change but a counter's is written at once through a temporary file and an atomic rename, so
 * a crash leaves the old or the new file, never half of one; counters go with the next write.
 *
 * <p>Shared by the event thread and the lease threads. A change is made under the monitor and then
 * written with group commit: the thread that gets to write writes the newest state, which covers
 * every change made before it, so lease threads finishing together share one write. A change method
 * returns once a write covering it is done.
 */
public final class AgentState {
  public static final String FILE = "state.json";
  static final int DECISIONS_KEPT = 50;
  static final long RECORD_EVERY_MILLIS = 1_000;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Why the bid engine bid on a job or not; {@code action} is BID or SKIP. */
  public record Decision(long height, String job, String action, String reason, String message) {}

  /** A bid waiting for its auction, holding GPUs the engine must not offer twice. */
  public record PendingBid(String job, String gpuModel, int gpuCount, long height) {}

  /**
   * An audit the ledger assigned to this agent: re-execute {@code unit} of {@code job} and answer
   * before block {@code deadline}; {@code reward} is reserved for it in the verification pool.
   */
  public record PendingAudit(
      String job, int unit, int round, long deadline, String lease, long reward) {
    /** Identifies the assignment: an auditor is never assigned the same unit twice in a round. */
    public String key() {
      return job + ":" + unit + ":" + round;
    }
  }

  /**
   * What handling one block changed, filled by the event thread as it goes and then {@link
   * #record}ed. The lists are mutable on purpose: they are the collector.
   *
   * @param height the block handled, or 0 for changes made outside a block (at startup)
   * @param settledBids jobs whose auction is over for this agent's bid
   * @param endedLeases leases whose sent unit results need not be remembered any more
   */
  public record Changes(
      long height,
      List<String> settledBids,
      List<PendingBid> placedBids,
      List<Decision> decisions,
      List<String> endedLeases) {
    public static Changes of(long height) {
      return new Changes(
          height, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }
  }

  /**
   * A service lease this agent runs, as {@code gridwork agent status} shows it.
   *
   * @param state STARTING (waiting for its ports), LIVE, UNHEALTHY (failing checks), RESTARTING
   *     (waiting out its back-off) or STOPPING
   * @param restarts how often it was restarted since the agent started running it
   * @param liveSinceMillis when it last became live, 0 while it is not
   * @param ports the TCP ports it exposes, published on the same ports of this host
   * @param lastProblem why it was last restarted or could not start, empty if never
   * @param stdoutTail the last lines it wrote to stdout, a few kilobytes at most
   * @param stderrTail the last lines it wrote to stderr, a few kilobytes at most
   */
  public record ServiceView(
      String lease,
      String job,
      String state,
      int restarts,
      long liveSinceMillis,
      List<Integer> ports,
      String lastProblem,
      String stdoutTail,
      String stderrTail) {
    public ServiceView {
      ports = List.copyOf(ports);
    }
  }

  /**
   * Whether a container engine answered the agent's last probe, with its version or why not, and
   * when that answer was first seen.
   */
  public record ContainerEngine(boolean answers, String detail, long sinceMillis) {}

  /** A GPU as the agent offers it. */
  public record GpuView(
      int index, String name, int memoryMib, long powerLimitMilliwatts, boolean simulated) {}

  /**
   * The file's content.
   *
   * @param startHeight the chain height when this agent first started: earnings count from there
   * @param lastHeight the last block whose events were handled
   * @param submitted per lease, the unit results sent (unit number to transaction hash)
   * @param energyMilliwattMillis GPU power limit times time spent running units, for the cost
   * @param audits the audits assigned and not yet answered or expired, by {@link
   *     PendingAudit#key()}
   * @param auditsDone audits answered with a result the ledger accepted
   * @param auditsFailed audits whose re-execution failed, timed out or could not start in time
   * @param auditsEarned ugrid paid to this provider for audits whose result was confirmed
   * @param containerEngine the last answer about the container engine; null in a state file written
   *     before the agent ran container jobs
   * @param services the service leases running now, by lease id
   * @param chainId the chain the agent follows; null in a state file written before it was kept
   * @param genesisHash the hash of that chain's genesis block (height 0), hex; null likewise
   */
  public record Snapshot(
      String address,
      String nodeUrl,
      long startHeight,
      long lastHeight,
      long startedAtMillis,
      long updatedAtMillis,
      boolean running,
      List<GpuView> gpus,
      String cpuOnlyReason,
      long electricityPerKwh,
      Map<String, PendingBid> pendingBids,
      Map<String, Map<String, String>> submitted,
      List<Decision> decisions,
      long unitsDone,
      long unitsFailed,
      long bidsPlaced,
      long leasesGivenUp,
      long energyMilliwattMillis,
      Map<String, PendingAudit> audits,
      long auditsDone,
      long auditsFailed,
      long auditsEarned,
      ContainerEngine containerEngine,
      Map<String, ServiceView> services,
      String chainId,
      String genesisHash) {
    public Snapshot {
      // A state file written before services ran has none.
      services = services == null ? Map.of() : Map.copyOf(services);
      gpus = List.copyOf(gpus);
      pendingBids = Map.copyOf(pendingBids);
      submitted = Map.copyOf(submitted);
      decisions = List.copyOf(decisions);
      // A state file written before audits existed has none.
      audits = audits == null ? Map.of() : Map.copyOf(audits);
    }
  }

  private final Path file;
  private final ReentrantLock writing = new ReentrantLock();
  private Snapshot current;
  private long version;
  private long written = -1;
  private long writtenAtMillis;

  private AgentState(Path file, Snapshot current) {
    this.file = file;
    this.current = current;
  }

  /**
   * The state in {@code workDir}, or empty when the agent never ran there; throws {@link
   * AgentStateException} with one line saying why when the file cannot be read or is not a state.
   */
  public static Optional<Snapshot> read(Path workDir) {
    Path path = workDir.resolve(FILE);
    if (!Files.exists(path)) {
      return Optional.empty();
    }
    try {
      Snapshot snapshot = JSON.readValue(path.toFile(), Snapshot.class);
      if (snapshot == null || snapshot.address() == null) {
        throw new AgentStateException("the agent state " + path + " is not an agent state", null);
      }
      return Optional.of(snapshot);
    } catch (JsonProcessingException e) {
      throw new AgentStateException(
          "the agent state " + path + " is corrupt (" + firstLine(e.getOriginalMessage()) + ")", e);
    } catch (IOException e) {
      throw new AgentStateException(
          "cannot read the agent state " + path + " (" + firstLine(e.toString()) + ")", e);
    } catch (RuntimeException e) {
      // A record constructor refusing what the file holds (a list where a map belongs, say).
      throw new AgentStateException(
          "the agent state " + path + " is corrupt (" + firstLine(e.toString()) + ")", e);
    }
  }

  /**
   * Moves the state in {@code workDir} aside (to {@code state.json.old}, replacing an older one),
   * so the next agent there starts afresh at the chain's head; returns where it went, or empty when
   * there was none.
   */
  public static Optional<Path> setAside(Path workDir) {
    Path path = workDir.resolve(FILE);
    if (!Files.exists(path)) {
      return Optional.empty();
    }
    Path old = workDir.resolve(FILE + ".old");
    try {
      Files.move(path, old, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new AgentStateException(
          "cannot move the agent state " + path + " aside (" + firstLine(e.toString()) + ")", e);
    }
    return Optional.of(old);
  }

  private static String firstLine(String text) {
    return text == null ? "" : text.strip().lines().findFirst().orElse("");
  }

  /**
   * Opens the state in {@code workDir} for a starting agent: a new one begins at {@code height}; an
   * existing one must belong to {@code address} (the caller checks it follows the same chain). The
   * chain is recorded so that a later start can tell a re-initialised chain from this one.
   */
  public static AgentState open(
      Path workDir,
      String address,
      String nodeUrl,
      String chainId,
      String genesisHash,
      long height,
      List<GpuView> gpus,
      String cpuOnlyReason,
      long electricityPerKwh,
      long nowMillis) {
    Optional<Snapshot> existing = read(workDir);
    if (existing.isPresent() && !existing.get().address().equals(address)) {
      throw new AgentStartException(
          "the agent state in "
              + workDir
              + " belongs to "
              + existing.get().address()
              + ", not to "
              + address
              + "; use the same key or another work directory");
    }
    Snapshot base =
        existing.orElse(
            new Snapshot(
                address,
                nodeUrl,
                height,
                height,
                nowMillis,
                nowMillis,
                false,
                gpus,
                cpuOnlyReason,
                electricityPerKwh,
                Map.of(),
                Map.of(),
                List.of(),
                0,
                0,
                0,
                0,
                0,
                Map.of(),
                0,
                0,
                0,
                null,
                Map.of(),
                chainId,
                genesisHash));
    // Services are what runs now: a starting agent runs none yet.
    AgentState state =
        new AgentState(
            workDir.resolve(FILE),
            new Snapshot(
                address,
                nodeUrl,
                base.startHeight(),
                base.lastHeight(),
                nowMillis,
                nowMillis,
                true,
                gpus,
                cpuOnlyReason,
                electricityPerKwh,
                base.pendingBids(),
                base.submitted(),
                base.decisions(),
                base.unitsDone(),
                base.unitsFailed(),
                base.bidsPlaced(),
                base.leasesGivenUp(),
                base.energyMilliwattMillis(),
                base.audits(),
                base.auditsDone(),
                base.auditsFailed(),
                base.auditsEarned(),
                base.containerEngine(),
                Map.of(),
                chainId,
                genesisHash));
    state.persist(0);
    return state;
  }

  public synchronized Snapshot snapshot() {
    return current;
  }

  /**
   * Records what handling one block (or one round of bids) changed, in this order: bids whose
   * auction is over, bids placed, decisions made, leases ended, and the block as handled. It is
   * written at most every {@link #RECORD_EVERY_MILLIS} ms, with whatever else changed by then: the
   * file is rewritten whole, and a busy agent handles five blocks and rounds of bids a second. A
   * crash loses at most that much, which the agent then does again: it resumes from the last block
   * written, asks the ledger about bids and leases of jobs from before its start, and a lease it
   * finds running again reports only the units whose results are not on their way.
   */
  public void record(Changes changes, long nowMillis) {
    long due;
    synchronized (this) {
      apply(b -> applyChanges(b, changes), nowMillis);
      version++;
      if (nowMillis - writtenAtMillis < RECORD_EVERY_MILLIS) {
        return;
      }
      writtenAtMillis = nowMillis;
      due = version;
    }
    persist(due);
  }

  private static void applyChanges(Builder b, Changes changes) {
    b.lastHeight = Math.max(b.lastHeight, changes.height());
    changes.settledBids().forEach(b.pendingBids::remove);
    for (PendingBid bid : changes.placedBids()) {
      b.pendingBids.put(bid.job(), bid);
      b.bidsPlaced++;
    }
    b.decisions.addAll(changes.decisions());
    while (b.decisions.size() > DECISIONS_KEPT) {
      b.decisions.removeFirst();
    }
    changes.endedLeases().forEach(b.submitted::remove);
  }

  public synchronized Optional<String> submittedResult(String lease, int unit) {
    return Optional.ofNullable(
        current.submitted().getOrDefault(lease, Map.of()).get(unitKey(unit)));
  }

  public void resultSubmitted(String lease, int unit, String txHash, long nowMillis) {
    update(
        b -> {
          Map<String, String> units = new TreeMap<>(b.submitted.getOrDefault(lease, Map.of()));
          units.put(unitKey(unit), txHash);
          b.submitted.put(lease, units);
        },
        nowMillis);
  }

  public void resultWithdrawn(String lease, int unit, long nowMillis) {
    update(
        b -> {
          Map<String, String> units = new TreeMap<>(b.submitted.getOrDefault(lease, Map.of()));
          units.remove(unitKey(unit));
          b.submitted.put(lease, units);
        },
        nowMillis);
  }

  /**
   * Counts a unit run. Like {@link #energyUsed}, a counter for {@code gridwork agent status} only:
   * it is written with the next change that must be (at the latest the next block handled), not on
   * its own, so a unit costs one write of the state file instead of three.
   */
  public void unitRan(boolean succeeded, long nowMillis) {
    updateLater(
        b -> {
          if (succeeded) {
            b.unitsDone++;
          } else {
            b.unitsFailed++;
          }
        },
        nowMillis);
  }

  public void energyUsed(long milliwattMillis, long nowMillis) {
    updateLater(b -> b.energy = Math.addExact(b.energy, milliwattMillis), nowMillis);
  }

  public void leaseGivenUp(long nowMillis) {
    update(b -> b.leasesGivenUp++, nowMillis);
  }

  public void auditAssigned(PendingAudit audit, long nowMillis) {
    update(b -> b.audits.put(audit.key(), audit), nowMillis);
  }

  /**
   * The audit ended: {@code answered} when the ledger accepted its result, {@code failed} when its
   * run failed; neither when it was dropped (deadline passed, nothing to send).
   */
  public void auditEnded(String key, boolean answered, boolean failed, long nowMillis) {
    update(
        b -> {
          b.audits.remove(key);
          if (answered) {
            b.auditsDone++;
          }
          if (failed) {
            b.auditsFailed++;
          }
        },
        nowMillis);
  }

  public void auditPaid(long reward, long nowMillis) {
    update(b -> b.auditsEarned = Math.addExact(b.auditsEarned, reward), nowMillis);
  }

  public void containerEngine(ContainerEngine engine, long nowMillis) {
    update(b -> b.containerEngine = engine, nowMillis);
  }

  public void serviceChanged(ServiceView service, long nowMillis) {
    update(b -> b.services.put(service.lease(), service), nowMillis);
  }

  public void serviceEnded(String lease, long nowMillis) {
    update(b -> b.services.remove(lease), nowMillis);
  }

  public void stopped(long nowMillis) {
    update(b -> b.running = false, nowMillis);
  }

  private static String unitKey(int unit) {
    return Integer.toString(unit);
  }

  /** A mutable copy of the snapshot, changed by one update and frozen again. */
  private static final class Builder {
    long lastHeight;
    boolean running;
    final Map<String, PendingBid> pendingBids;
    final Map<String, Map<String, String>> submitted;
    final List<Decision> decisions;
    long unitsDone;
    long unitsFailed;
    long bidsPlaced;
    long leasesGivenUp;
    long energy;
    final Map<String, PendingAudit> audits;
    long auditsDone;
    long auditsFailed;
    long auditsEarned;
    ContainerEngine containerEngine;
    final Map<String, ServiceView> services;

    Builder(Snapshot s) {
      lastHeight = s.lastHeight();
      running = s.running();
      pendingBids = new LinkedHashMap<>(s.pendingBids());
      submitted = new TreeMap<>(s.submitted());
      decisions = new ArrayList<>(s.decisions());
      unitsDone = s.unitsDone();
      unitsFailed = s.unitsFailed();
      bidsPlaced = s.bidsPlaced();
      leasesGivenUp = s.leasesGivenUp();
      energy = s.energyMilliwattMillis();
      audits = new TreeMap<>(s.audits());
      auditsDone = s.auditsDone();
      auditsFailed = s.auditsFailed();
      auditsEarned = s.auditsEarned();
      containerEngine = s.containerEngine();
      services = new TreeMap<>(s.services());
    }
  }

  private void update(Consumer<Builder> change, long nowMillis) {
    long mine;
    synchronized (this) {
      apply(change, nowMillis);
      mine = ++version;
      writtenAtMillis = nowMillis;
    }
    persist(mine);
  }

  private synchronized void updateLater(Consumer<Builder> change, long nowMillis) {
    apply(change, nowMillis);
    version++;
  }

  /** Writes the newest state unless a write since change {@code upTo} was made already did. */
  private void persist(long upTo) {
    writing.lock();
    try {
      if (written >= upTo) {
        return;
      }
      Snapshot s;
      long v;
      synchronized (this) {
        s = current;
        v = version;
      }
      save(s);
      written = v;
    } finally {
      writing.unlock();
    }
  }

  private void apply(Consumer<Builder> change, long nowMillis) {
    Builder b = new Builder(current);
    change.accept(b);
    Snapshot s = current;
    current =
        new Snapshot(
            s.address(),
            s.nodeUrl(),
            s.startHeight(),
            b.lastHeight,
            s.startedAtMillis(),
            nowMillis,
            b.running,
            s.gpus(),
            s.cpuOnlyReason(),
            s.electricityPerKwh(),
            b.pendingBids,
            b.submitted,
            b.decisions,
            b.unitsDone,
            b.unitsFailed,
            b.bidsPlaced,
            b.leasesGivenUp,
            b.energy,
            b.audits,
            b.auditsDone,
            b.auditsFailed,
            b.auditsEarned,
            b.containerEngine,
            b.services,
            s.chainId(),
            s.genesisHash());
  }

  private void save(Snapshot snapshot) {
    try {
      if (!Files.isDirectory(file.getParent())) {
        Files.createDirectories(file.getParent());
      }
      Path temp = Files.createTempFile(file.getParent(), ".state", ".json.part");
      try {
        JSON.writeValue(temp.toFile(), snapshot);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the agent state " + file, e);
    }
  }
}
