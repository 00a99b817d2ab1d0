package io.gridwork.agent.bidding;

import io.gridwork.agent.state.AgentState;
import io.gridwork.agent.work.AgentMetrics;
import io.gridwork.agent.work.CommitWatch;
import io.gridwork.agent.work.TxSubmitter;
import io.gridwork.api.JobInfo;
import io.gridwork.client.GridworkClient;
import io.gridwork.client.SubmitResult;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.JobStatus;
import io.gridwork.protocol.spec.ExposedPort;
import io.gridwork.protocol.tx.JobIds;
import io.gridwork.protocol.tx.TxBody;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places the agent's bids off its event thread. Jobs that begin taking bids queue here; one thread
 * takes everything queued, fetches the jobs in parallel, decides on them in an order of this
 * agent's own and sends the bids as one batch. So the event thread never waits for the node on a
 * bid's behalf (leases start and results are counted on time however slowly the node answers), and
 * a job whose bid window closed while it waited is let go without asking the node: an agent that
 * falls behind catches up instead of spending its time on auctions that are over.
 *
 * <p>Threads: the event thread calls {@link #opened} and {@link #chainAt}; the bidding thread owns
 * the rest. The bid book and the known jobs are shared and thread-safe.
 */
public final class Bidder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Bidder.class);

  /** Job fetches in flight at once when many jobs queue: enough to hide the node's latency. */
  private static final int FETCHES_AT_ONCE = 16;

  /** Jobs fetched, decided and bid on together. */
  private static final int ROUND = 2 * FETCHES_AT_ONCE;

  /** Jobs remembered for later auction rounds. */
  private static final int RECENT_JOBS = 4_096;

  /** Cards of a model free for a bid in the auction closing at a height. */
  @FunctionalInterface
  public interface Capacity {
    int free(String model, long closesAt);
  }

  /**
   * A job that began taking bids until {@code closesAt}; {@code reopenedUnits} is how many units a
   * later round offers, or -1 for a new job.
   */
  public record Opening(Hash job, long closesAt, int reopenedUnits, int round) {
    public static Opening created(Hash job, long closesAt) {
      return new Opening(job, closesAt, -1, 0);
    }
  }

  /** A job fetched for a decision, and whether the ledger says this agent is in it already. */
  private record Candidate(JobInfo job, boolean involvedOnLedger) {}

  private final GridworkClient client;
  private final Address self;
  private final BidEngine engine;
  private final BidBook book;
  private final TxSubmitter txs;
  private final CommitWatch commits;
  private final AgentState state;
  private final AgentMetrics metrics;
  private final Map<Hash, JobInfo> knownJobs;
  private final Capacity capacity;
  private final Clock clock;
  private final long resumedAt;
  private final LinkedBlockingQueue<Opening> queue = new LinkedBlockingQueue<>();
  private final Map<Hash, JobInfo> recentJobs =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Hash, JobInfo> eldest) {
          return size() > RECENT_JOBS;
        }
      };
  private final Thread thread;
  private volatile long chainHeight;
  private volatile boolean closed;

  /**
   * @param knownJobs where the jobs bid on are left for the lease runners, which then need not
   *     fetch them again
   * @param resumedAt the chain height when the agent started: a job created up to there may hold a
   *     bid or lease of a previous run of this agent, which the ledger is asked about
   */
  public Bidder(
      GridworkClient client,
      Address self,
      BidEngine engine,
      BidBook book,
      TxSubmitter txs,
      CommitWatch commits,
      AgentState state,
      AgentMetrics metrics,
      Map<Hash, JobInfo> knownJobs,
      Capacity capacity,
      long resumedAt,
      Clock clock) {
    this.client = client;
    this.self = self;
    this.engine = engine;
    this.book = book;
    this.txs = txs;
    this.commits = commits;
    this.state = state;
    this.metrics = metrics;
    this.knownJobs = knownJobs;
    this.capacity = capacity;
    this.resumedAt = resumedAt;
    this.clock = clock;
    this.chainHeight = resumedAt;
    this.thread = Thread.ofPlatform().daemon().name("gridwork-bids").unstarted(this::run);
  }

  public void start() {
    thread.start();
  }

  /** The job takes bids now; it is decided on by the bidding thread. */
  public void opened(Opening opening) {
    queue.add(opening);
  }

  /** The newest block the event stream delivered. */
  public void chainAt(long height) {
    chainHeight = Math.max(chainHeight, height);
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }

  private void run() {
    while (!closed) {
      List<Opening> batch = new ArrayList<>();
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        return;
      }
      queue.drainTo(batch);
      try {
        bid(batch);
      } catch (RuntimeException e) {
        if (closed) {
          LOG.debug("bidding ended by the agent stopping: {}", e.getMessage());
        } else {
          LOG.error("bidding on {} job(s) failed: {}", batch.size(), e.getMessage(), e);
        }
      }
    }
  }

  /**
   * Decides on the queued jobs, soonest auction first, a round of at most {@link #ROUND} jobs at a
   * time whose bids go out together, so the first bids are on their way while later jobs are still
   * being fetched. A job queued twice (it waited through a whole round) counts once, with its
   * latest round.
   */
  private void bid(List<Opening> batch) {
    Map<Hash, Opening> latest = new LinkedHashMap<>();
    batch.forEach(o -> latest.put(o.job(), o));
    List<Opening> queued = new ArrayList<>(latest.values());
    queued.sort(Comparator.comparingLong(Opening::closesAt));
    for (int from = 0; from < queued.size() && !closed; from += ROUND) {
      bidRound(queued.subList(from, Math.min(queued.size(), from + ROUND)));
    }
  }

  /**
   * One round: jobs whose window closed while they waited are let go, the others fetched and
   * decided one by one in the order of their id hashed with this agent's address. When capacity
   * runs short, agents so fill it with different jobs instead of all bidding on the same first few
   * and leaving the rest without a bid.
   */
  private void bidRound(List<Opening> openings) {
    long height = chainHeight;
    AgentState.Changes changes = AgentState.Changes.of(0);
    List<Opening> live = new ArrayList<>();
    for (Opening o : openings) {
      // A bid sent now is in block height + 1 at the earliest, which must not be past the auction.
      if (o.closesAt() <= height) {
        changes
            .decisions()
            .add(
                new AgentState.Decision(
                    height,
                    o.job().toHex(),
                    "SKIP",
                    SkipReason.NOT_TAKING_BIDS.name(),
                    "its bid window closed at height "
                        + o.closesAt()
                        + " before this agent got to it"));
      } else {
        live.add(o);
      }
    }
    List<Candidate> candidates = new ArrayList<>(fetch(live));
    candidates.forEach(c -> recentJobs.put(c.job().id(), c.job()));
    candidates.sort(Comparator.comparing(c -> Hash.sha256(c.job().id().bytes(), self.bytes())));
    List<JobInfo> bidOn = new ArrayList<>();
    List<BidEngine.Decision.Bid> bids = new ArrayList<>();
    for (Candidate c : candidates) {
      JobInfo job = c.job();
      boolean involved = c.involvedOnLedger() || book.involved(job.id());
      switch (engine.decide(
          job, height, involved, model -> capacity.free(model, job.biddingClosesAt()))) {
        case BidEngine.Decision.Skip skip -> {
          LOG.info("job {}: no bid ({}): {}", job.id(), skip.reason(), skip.message());
          changes
              .decisions()
              .add(
                  new AgentState.Decision(
                      height, job.id().toHex(), "SKIP", skip.reason(), skip.message()));
        }
        case BidEngine.Decision.Bid bid -> {
          // Reserved at once, so the decisions after this one see the capacity and ports it
          // promises. A port the engine saw free can have been claimed by a service starting since.
          Optional<String> portTaken =
              book.placed(
                  job.id(),
                  bid.body().gpuModel(),
                  bid.body().gpuCount(),
                  job.biddingClosesAt(),
                  job.spec().expose().stream().map(ExposedPort::port).toList());
          if (portTaken.isPresent()) {
            String message = "the service exposes " + portTaken.get();
            LOG.info("job {}: no bid ({}): {}", job.id(), SkipReason.PORT_UNAVAILABLE, message);
            changes
                .decisions()
                .add(
                    new AgentState.Decision(
                        height,
                        job.id().toHex(),
                        "SKIP",
                        SkipReason.PORT_UNAVAILABLE.name(),
                        message));
            continue;
          }
          bidOn.add(job);
          bids.add(bid);
        }
      }
    }
    List<SubmitResult> results = txs.submitAll(bids.stream().map(b -> (TxBody) b.body()).toList());
    for (int i = 0; i < bids.size(); i++) {
      record(bidOn.get(i), bids.get(i), results.get(i), height, changes);
    }
    state.record(changes, clock.millis());
  }

  private void record(
      JobInfo job,
      BidEngine.Decision.Bid bid,
      SubmitResult result,
      long height,
      AgentState.Changes changes) {
    switch (result) {
      case SubmitResult.Accepted accepted -> {
        metrics.bidsPlaced.incrementAndGet();
        knownJobs.put(job.id(), job);
        commits.follow(
            accepted.hash(),
            seen -> book.committed(job.id(), seen.map(CommitWatch.Committed::ok).orElse(false)));
        changes
            .placedBids()
            .add(
                new AgentState.PendingBid(
                    job.id().toHex(), bid.body().gpuModel(), bid.body().gpuCount(), height));
        changes
            .decisions()
            .add(new AgentState.Decision(height, job.id().toHex(), "BID", "BID", bid.summary()));
        LOG.info("job {}: {}", job.id(), bid.summary());
      }
      case SubmitResult.Rejected rejected -> {
        book.withdrawn(job.id());
        LOG.warn("job {}: the node refused the bid: {}", job.id(), rejected.message());
        changes
            .decisions()
            .add(
                new AgentState.Decision(
                    height,
                    job.id().toHex(),
                    "SKIP",
                    "BID_REFUSED_" + rejected.code().name(),
                    rejected.message()));
      }
    }
  }

  /**
   * Fetches the jobs, at most {@link #FETCHES_AT_ONCE} at a time, or knows them (see {@link
   * #reopened}). Whether this agent already bid on or held a lease of a job is asked of the ledger
   * only for jobs created before this agent started following the chain: for later ones it saw
   * every bid it placed and lease it won. A job that cannot be fetched is logged and left out.
   */
  private List<Candidate> fetch(List<Opening> openings) {
    Semaphore permits = new Semaphore(FETCHES_AT_ONCE);
    List<Future<Optional<Candidate>>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Opening o : openings) {
        Optional<JobInfo> known = reopened(o);
        futures.add(pool.submit(() -> fetchWithin(permits, o.job(), known)));
      }
    }
    return futures.stream()
        .filter(f -> f.state() == Future.State.SUCCESS)
        .flatMap(f -> f.resultNow().stream())
        .toList();
  }

  private Optional<Candidate> fetchWithin(Semaphore permits, Hash jobId, Optional<JobInfo> known) {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      // Only the agent stopping interrupts a fetch; the job is not decided on.
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
    try {
      Optional<JobInfo> job = known.or(() -> client.job(jobId));
      if (job.isEmpty()) {
        return Optional.empty();
      }
      boolean involved =
          job.get().createdHeight() <= resumedAt
              && (client.lease(JobIds.leaseId(jobId, self)).isPresent()
                  || client.bids(jobId).stream().anyMatch(b -> b.provider().equals(self)));
      return Optional.of(new Candidate(job.get(), involved));
    } catch (RuntimeException e) {
      if (closed) {
        LOG.debug("fetching job {} ended by the agent stopping: {}", jobId, e.getMessage());
      } else {
        LOG.error("fetching job {} failed: {}", jobId, e.getMessage(), e);
      }
      return Optional.empty();
    } finally {
      permits.release();
    }
  }

  /**
   * A batch job seen before that re-opened bidding for all its units, as the node would show it
   * now: no unit leased or done means no active lease, so it is OPEN, and the event says until when
   * it takes bids. A job that failed an auction round then costs no request in the next. Empty when
   * not known that exactly.
   */
  private Optional<JobInfo> reopened(Opening o) {
    JobInfo seen = recentJobs.get(o.job());
    if (o.reopenedUnits() < 0
        || seen == null
        || seen.units() == null
        || o.reopenedUnits() != seen.units().total()) {
      return Optional.empty();
    }
    return Optional.of(
        new JobInfo(
            seen.id(),
            seen.buyer(),
            seen.name(),
            seen.kind(),
            JobStatus.OPEN,
            null,
            seen.createdHeight(),
            0,
            o.closesAt(),
            o.round(),
            seen.deposited(),
            seen.escrow(),
            0,
            new JobInfo.Units(o.reopenedUnits(), o.reopenedUnits(), 0, 0),
            seen.spec()));
  }
}
