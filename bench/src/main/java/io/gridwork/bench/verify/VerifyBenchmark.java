package io.gridwork.bench.verify;

import io.gridwork.chain.audit.AuditRecord;
import io.gridwork.chain.audit.Audits;
import io.gridwork.chain.exec.BlockContext;
import io.gridwork.chain.exec.BlockExecutor;
import io.gridwork.chain.exec.BlockOutcome;
import io.gridwork.chain.exec.GenesisOutcome;
import io.gridwork.chain.exec.Supply;
import io.gridwork.chain.exec.TxResult;
import io.gridwork.chain.genesis.AuditParams;
import io.gridwork.chain.genesis.Genesis;
import io.gridwork.chain.genesis.GenesisAccount;
import io.gridwork.chain.genesis.Params;
import io.gridwork.chain.market.Job;
import io.gridwork.chain.market.Market;
import io.gridwork.chain.reputation.Reputation;
import io.gridwork.chain.state.MemoryState;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.event.AuctionClosed;
import io.gridwork.protocol.event.AuditAssigned;
import io.gridwork.protocol.event.AuditDisputed;
import io.gridwork.protocol.event.AuditInconclusive;
import io.gridwork.protocol.event.AuditPassed;
import io.gridwork.protocol.event.AuditSkipped;
import io.gridwork.protocol.event.AuditTimedOut;
import io.gridwork.protocol.event.BidPlaced;
import io.gridwork.protocol.event.BiddingReopened;
import io.gridwork.protocol.event.BillingStarted;
import io.gridwork.protocol.event.CheckpointSaved;
import io.gridwork.protocol.event.CollateralReturned;
import io.gridwork.protocol.event.EscrowDeposited;
import io.gridwork.protocol.event.EscrowRefunded;
import io.gridwork.protocol.event.FeePaid;
import io.gridwork.protocol.event.JobClosed;
import io.gridwork.protocol.event.JobCreated;
import io.gridwork.protocol.event.JobDone;
import io.gridwork.protocol.event.LeaseClosed;
import io.gridwork.protocol.event.LeaseOpened;
import io.gridwork.protocol.event.LeaseResumed;
import io.gridwork.protocol.event.LeaseSuspended;
import io.gridwork.protocol.event.LedgerEvent;
import io.gridwork.protocol.event.ProviderRegistered;
import io.gridwork.protocol.event.ProviderUpdated;
import io.gridwork.protocol.event.ServiceCharged;
import io.gridwork.protocol.event.SlaCompensated;
import io.gridwork.protocol.event.SlashReason;
import io.gridwork.protocol.event.Slashed;
import io.gridwork.protocol.event.StakeBonded;
import io.gridwork.protocol.event.Transferred;
import io.gridwork.protocol.event.UnbondCompleted;
import io.gridwork.protocol.event.UnbondStarted;
import io.gridwork.protocol.event.UnitCompleted;
import io.gridwork.protocol.event.UnitReported;
import io.gridwork.protocol.event.UnitRequeued;
import io.gridwork.protocol.event.UnknownEvent;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.spec.JobSpecValidator;
import io.gridwork.protocol.spec.JobSpecYaml;
import io.gridwork.protocol.spec.SlaTier;
import io.gridwork.protocol.spec.SpecResult;
import io.gridwork.protocol.tx.AuditResult;
import io.gridwork.protocol.tx.CreateJob;
import io.gridwork.protocol.tx.GpuInventory;
import io.gridwork.protocol.tx.JobIds;
import io.gridwork.protocol.tx.PlaceBid;
import io.gridwork.protocol.tx.RegisterProvider;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.protocol.tx.Transaction;
import io.gridwork.protocol.tx.TxBody;
import io.gridwork.protocol.tx.UnitResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Measures what result verification costs honest providers and how surely it catches cheats, by
 * running the ledger's own block executor over an in-memory state with the default verification
 * parameters: the sampler, the adaptive audit rate, the audit rounds and slashing are the chain's,
 * only the providers and auditors are synthetic.
 *
 * <p>Honest providers report true outputs many units per block until the ledger audits them at its
 * floor rate, then keep going; the overhead is the share of those steady-state units picked for a
 * round-one audit. Each cheater is a fresh provider on a job of its own that reports one unit per
 * block and forges a fixed share of them; a trial detects the cheat when the cheater is slashed for
 * a forged unit. Every provider also audits when the ledger picks it, always answering the true
 * output, except for a share of assignments it drops as if it had crashed, so auditor timeouts are
 * part of the run. Any slash of a party whose result was true counts as a false slash.
 *
 * <p>A block's transactions are signed on all cores; the chain itself runs on the calling thread.
 */
public final class VerifyBenchmark {
  private static final String CHAIN_ID = "gridwork-bench-verify";
  private static final long GRID = 1_000_000;
  private static final long PRICE = GRID / 100;
  private static final long STAKE = 1_000 * GRID;
  private static final long PROVIDER_FUNDS = 2_000 * GRID;
  private static final long VERIFICATION_POOL = 100_000 * GRID;
  private static final String GPU = "RTX 4090";
  private static final int GPU_VRAM_MIB = 24_576;
  private static final byte[] TRUE_OUTPUT = "bench-true".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FORGED_OUTPUT = "bench-forged".getBytes(StandardCharsets.US_ASCII);

  private final VerifyBenchOptions options;
  private final Consumer<String> progress;
  private final Params params = Params.defaults();
  private final MemoryState state = new MemoryState();
  private final BlockExecutor executor = new BlockExecutor();
  private final Map<String, Long> nonces = new HashMap<>();
  private final Map<String, KeyPair> keys = new HashMap<>();
  private final Map<String, Reporter> reporterByAddress = new HashMap<>();
  private final List<Reporter> reporters = new ArrayList<>();
  private final SplittableRandom drops;
  private Hash root;
  private long height;

  // What the run observed, keyed by "job-hex/unit".
  private final Set<String> forged = new HashSet<>();
  private final Set<String> steady = new HashSet<>();
  private final Set<String> auditedRoundOne = new HashSet<>();
  private final Map<String, Long> honestReportedAt = new HashMap<>();
  private final Set<String> awaitingPayment = new HashSet<>();
  private final List<Long> paymentDelays = new ArrayList<>();
  private final List<Answer> answers = new ArrayList<>();
  private final Map<String, Integer> rejections = new TreeMap<>();
  private long audits;
  private long timedOut;
  private long skipped;
  private long suspended;
  private int falseSlashes;

  public VerifyBenchmark(VerifyBenchOptions options, Consumer<String> progress) {
    this.options = options;
    this.progress = progress;
    this.drops = new SplittableRandom(options.seed() * 31 + 7);
  }

  /** One synthetic provider working through its own job's units. */
  private static final class Reporter {
    final KeyPair key;
    final boolean honest;
    final int units;
    final int perBlock;
    final SplittableRandom forging;
    Hash job;
    Hash lease;
    int next;
    boolean slashed;

    Reporter(KeyPair key, boolean honest, int units, int perBlock, SplittableRandom forging) {
      this.key = key;
      this.honest = honest;
      this.units = units;
      this.perBlock = perBlock;
      this.forging = forging;
    }

    boolean reporting() {
      return !slashed && next < units;
    }
  }

  /** An audit assignment the auditor will answer in the next block. */
  private record Answer(KeyPair auditor, Hash job, int unit) {}

  public VerifyBenchResult run() {
    List<Reporter> honest = new ArrayList<>();
    SplittableRandom forging = new SplittableRandom(options.seed());
    int honestUnits = honestUnits(params.audit());
    for (int i = 0; i < options.honestProviders(); i++) {
      honest.add(
          new Reporter(
              KeyPair.fromLabel("bench-verify/honest/" + i),
              true,
              honestUnits,
              options.honestUnitsPerBlock(),
              forging.split()));
    }
    List<Reporter> cheaters = new ArrayList<>();
    for (int i = 0; i < options.trials(); i++) {
      cheaters.add(
          new Reporter(
              KeyPair.fromLabel("bench-verify/cheater/" + i),
              false,
              options.unitsPerTrial(),
              1,
              forging.split()));
    }
    reporters.addAll(honest);
    reporters.addAll(cheaters);
    KeyPair buyer = KeyPair.fromLabel("bench-verify/buyer");
    start(buyer);

    progress.accept(
        options.honestProviders()
            + " honest providers reporting "
            + honestUnits
            + " units each, "
            + options.trials()
            + " cheaters forging "
            + options.cheatPercent()
            + "% of "
            + options.unitsPerTrial()
            + " units each");
    openLeases(buyer);
    long steadyAt = -1;
    while (reporters.stream().anyMatch(Reporter::reporting)) {
      block(reportTxs());
      if (steadyAt < 0 && !steady.isEmpty()) {
        steadyAt = height;
        progress.accept("honest providers audited at the floor rate from height " + height);
      }
    }
    drain();
    if (!rejections.isEmpty()) {
      progress.accept("transactions the ledger refused, by code: " + rejections);
    }
    if (suspended > 0) {
      progress.accept(suspended + " leases were suspended for silence");
    }
    int detected = (int) cheaters.stream().filter(r -> r.slashed).count();
    long steadyAudited = steady.stream().filter(auditedRoundOne::contains).count();
    List<Long> delays = paymentDelays.stream().sorted().toList();
    progress.accept(
        String.format(
            Locale.ROOT,
            "%d blocks, %d audit assignments, %d timed out, %d skipped; %d of %d steady-state"
                + " units audited",
            height,
            audits,
            timedOut,
            skipped,
            steadyAudited,
            steady.size()));
    return new VerifyBenchResult(
        steady.size(),
        steadyAudited,
        options.trials(),
        options.unitsPerTrial(),
        detected,
        falseSlashes,
        audits,
        timedOut,
        skipped,
        params.audit().challengeWindowBlocks(),
        params.market().nominalBlockMillis(),
        percentile(delays, 50),
        percentile(delays, 99));
  }

  /**
   * Enough units for an honest provider to reach the floor rate, plus the units it reports while
   * its last results wait out their window, plus the steady-state units to measure.
   */
  private int honestUnits(AuditParams audit) {
    if (audit.auditRateFloorPpm() == 0) {
      throw new IllegalStateException("the audit rate has no floor to measure at");
    }
    long halfLife = audit.auditHalfLifeUnits();
    long toFloor =
        Math.max(
            0,
            Math.ceilDiv(audit.auditRateStartPpm() * halfLife, audit.auditRateFloorPpm())
                - halfLife);
    long lag = (long) options.honestUnitsPerBlock() * (audit.challengeWindowBlocks() + 4);
    long units = toFloor + lag + options.steadyUnits();
    if (units > JobSpecValidator.MAX_UNITS) {
      throw new IllegalArgumentException(
          "an honest provider would need "
              + units
              + " units, more than a job may have ("
              + JobSpecValidator.MAX_UNITS
              + "); ask for fewer steady units");
    }
    return (int) units;
  }

  private void start(KeyPair buyer) {
    List<GenesisAccount> accounts = new ArrayList<>();
    long buyerFunds = 10 * GRID;
    for (Reporter r : reporters) {
      accounts.add(new GenesisAccount(r.key.address(), PROVIDER_FUNDS));
      keys.put(r.key.address().toString(), r.key);
      reporterByAddress.put(r.key.address().toString(), r);
      buyerFunds = Math.addExact(buyerFunds, Math.multiplyExact(r.units + 1L, PRICE));
    }
    accounts.add(new GenesisAccount(buyer.address(), buyerFunds));
    Genesis genesis =
        new Genesis(CHAIN_ID, 0, accounts, params).withVerificationPool(VERIFICATION_POOL);
    GenesisOutcome outcome = executor.initialize(genesis);
    outcome.changes().applyTo(state);
    root = outcome.stateRoot();
  }

  /** Registers every provider, posts one job per provider and has it win all of its units. */
  private void openLeases(KeyPair buyer) {
    List<Signable> registrations = new ArrayList<>();
    for (Reporter r : reporters) {
      registrations.add(
          signable(
              r.key,
              new RegisterProvider(
                  List.of(new GpuInventory(GPU, GPU_VRAM_MIB, 1)),
                  "bench",
                  SlaTier.STANDARD.wireName(),
                  new TreeMap<>(),
                  STAKE)));
    }
    block(registrations);
    List<Signable> jobs = new ArrayList<>();
    for (Reporter r : reporters) {
      r.job = JobIds.jobId(buyer.address(), nonces.getOrDefault(buyer.address().toString(), 0L));
      jobs.add(signable(buyer, new CreateJob(spec(r.units))));
    }
    block(jobs);
    List<Signable> bids = new ArrayList<>();
    for (Reporter r : reporters) {
      bids.add(signable(r.key, new PlaceBid(r.job, PRICE, GPU, 1, r.units)));
    }
    block(bids);
    long closes = 0;
    for (Reporter r : reporters) {
      closes = Math.max(closes, job(r.job).biddingClosesAt());
    }
    while (height < closes) {
      block(List.of());
    }
    for (Reporter r : reporters) {
      r.lease = JobIds.leaseId(r.job, r.key.address());
      if (Market.lease(state, r.lease).isEmpty()) {
        throw new IllegalStateException(
            "provider " + r.key.address() + " did not win the job made for it");
      }
    }
  }

  /** This block's unit results and audit answers. */
  private List<Signable> reportTxs() {
    List<Signable> txs = new ArrayList<>();
    long floor = params.audit().auditRateFloorPpm();
    long reportHeight = height + 1;
    for (Reporter r : reporters) {
      if (!r.reporting()) {
        continue;
      }
      boolean atFloor =
          r.honest
              && Reputation.auditRatePpm(Reputation.stats(state, r.key.address()), params.audit())
                  <= floor;
      for (int i = 0; i < r.perBlock && r.next < r.units; i++) {
        int unit = r.next++;
        String key = key(r.job, unit);
        Hash output = truth(r.job, unit);
        if (!r.honest && r.forging.nextInt(100) < options.cheatPercent()) {
          output = forgery(r.job, unit);
          forged.add(key);
        }
        if (r.honest) {
          honestReportedAt.put(key, reportHeight);
          awaitingPayment.add(key);
          if (atFloor) {
            steady.add(key);
          }
        }
        txs.add(signable(r.key, new UnitResult(r.lease, unit, output)));
      }
    }
    // Answers go after the results, so a cheater slashed by one has already sent this block's.
    for (Answer a : answers) {
      txs.add(signable(a.auditor(), new AuditResult(a.job(), a.unit(), truth(a.job(), a.unit()))));
    }
    answers.clear();
    return txs;
  }

  /**
   * Runs blocks until every honest unit is paid and every audit has ended; bounded by the longest
   * an audit can take (two rounds of timed-out attempts) past the last challenge window.
   */
  private void drain() {
    AuditParams audit = params.audit();
    long bound =
        height
            + audit.challengeWindowBlocks()
            + 2L * audit.maxAuditAttempts() * (audit.auditTimeoutBlocks() + 2)
            + 10;
    while (!answers.isEmpty() || !awaitingPayment.isEmpty() || openAudits()) {
      if (height > bound) {
        throw new IllegalStateException(
            awaitingPayment.size()
                + " honest units still unpaid at height "
                + height
                + ", past the longest an audit can take");
      }
      block(reportTxs());
    }
  }

  private boolean openAudits() {
    for (Reporter r : reporters) {
      for (AuditRecord record : Audits.ofJob(state, r.job)) {
        if (record.status().unresolved()) {
          return true;
        }
      }
    }
    return false;
  }

  private record Signable(KeyPair key, Transaction tx) {}

  private Signable signable(KeyPair key, TxBody body) {
    String sender = key.address().toString();
    long nonce = nonces.getOrDefault(sender, 0L);
    nonces.put(sender, nonce + 1);
    return new Signable(
        key, new Transaction(CHAIN_ID, key.publicKey(), nonce, params.minFee(), body));
  }

  /** Signs, executes and commits one block, then acts on what it says. */
  private void block(List<Signable> unsigned) {
    SignedTransaction[] signed = new SignedTransaction[unsigned.size()];
    IntStream.range(0, signed.length)
        .parallel()
        .forEach(i -> signed[i] = unsigned.get(i).tx().sign(unsigned.get(i).key()));
    Hash previousBlock =
        Hash.sha256(
            "bench-verify-block".getBytes(StandardCharsets.US_ASCII),
            ByteBuffer.allocate(Long.BYTES).putLong(height).array(),
            root.bytes());
    height++;
    BlockOutcome outcome =
        executor.execute(
            state,
            new BlockContext(
                height, height * params.market().nominalBlockMillis(), previousBlock, root),
            List.of(signed));
    outcome.changes().applyTo(state);
    root = outcome.stateRoot();
    for (TxResult result : outcome.results()) {
      if (!result.ok()) {
        rejections.merge(result.code(), 1, Integer::sum);
      }
      result.events().forEach(this::observe);
    }
    outcome.blockEvents().forEach(this::observe);
    if (height % 50 == 0 && !Supply.audit(state).conserved()) {
      throw new IllegalStateException("the ledger's supply audit failed at height " + height);
    }
  }

  private void observe(LedgerEvent event) {
    switch (event) {
      case AuditAssigned e -> {
        audits++;
        if (e.round() == 1) {
          auditedRoundOne.add(key(e.jobId(), e.unit()));
        }
        if (drops.nextInt(100) >= options.auditorDropPercent()) {
          answers.add(new Answer(keys.get(e.auditor().toString()), e.jobId(), e.unit()));
        }
      }
      case AuditTimedOut e -> timedOut++;
      case AuditSkipped e -> skipped++;
      case LeaseSuspended e -> suspended++;
      case Slashed e -> {
        Reporter slashed = reporterByAddress.get(e.provider().toString());
        String key = key(e.jobId(), e.unit());
        boolean deserved = e.reason() == SlashReason.WRONG_RESULT && forged.contains(key);
        if (deserved && !slashed.honest && key.startsWith(slashed.job.toHex())) {
          slashed.slashed = true;
        } else {
          falseSlashes++;
        }
      }
      case UnitCompleted e -> {
        String key = key(e.jobId(), e.unit());
        Long reported = honestReportedAt.get(key);
        if (reported != null && awaitingPayment.remove(key)) {
          paymentDelays.add(height - reported);
        }
      }
      case AuctionClosed ignored -> {}
      case AuditDisputed ignored -> {}
      case AuditInconclusive ignored -> {}
      case AuditPassed ignored -> {}
      case BidPlaced ignored -> {}
      case BiddingReopened ignored -> {}
      case BillingStarted ignored -> {}
      case CheckpointSaved ignored -> {}
      case CollateralReturned ignored -> {}
      case EscrowDeposited ignored -> {}
      case EscrowRefunded ignored -> {}
      case FeePaid ignored -> {}
      case JobClosed ignored -> {}
      case JobCreated ignored -> {}
      case JobDone ignored -> {}
      case LeaseClosed ignored -> {}
      case LeaseOpened ignored -> {}
      case LeaseResumed ignored -> {}
      case ProviderRegistered ignored -> {}
      case ProviderUpdated ignored -> {}
      case ServiceCharged ignored -> {}
      case SlaCompensated ignored -> {}
      case StakeBonded ignored -> {}
      case Transferred ignored -> {}
      case UnbondCompleted ignored -> {}
      case UnbondStarted ignored -> {}
      case UnitReported ignored -> {}
      case UnitRequeued ignored -> {}
      case UnknownEvent ignored -> {}
    }
  }

  private Job job(Hash id) {
    return Market.job(state, id)
        .orElseThrow(() -> new IllegalStateException("job " + id + " was not created"));
  }

  private static String key(Hash job, int unit) {
    return job.toHex() + "/" + unit;
  }

  private static Hash truth(Hash job, int unit) {
    return output(TRUE_OUTPUT, job, unit);
  }

  private static Hash forgery(Hash job, int unit) {
    return output(FORGED_OUTPUT, job, unit);
  }

  private static Hash output(byte[] domain, Hash job, int unit) {
    return Hash.sha256(
        domain, job.bytes(), ByteBuffer.allocate(Integer.BYTES).putInt(unit).array());
  }

  private static JobSpec spec(int units) {
    String yaml =
        """
        name: verify-bench
        units: %d
        deterministic: true
        workload:
          process:
            command: [sh, -c, "echo ${UNIT} > out.txt"]
        resources:
          gpu:
            count: 1
          cpu: 100m
          memory: 256Mi
          disk: 64Mi
        pricing:
          maxPricePerUnit: 0.01GRID
          deposit: %dugrid
        outputs: [out.txt]
        """
            .formatted(units, (long) units * PRICE);
    return switch (JobSpecYaml.parse(yaml)) {
      case SpecResult.Valid valid -> valid.spec();
      case SpecResult.Invalid invalid ->
          throw new IllegalStateException("the benchmark's job is invalid: " + invalid.errors());
    };
  }

  private static long percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index));
  }
}
