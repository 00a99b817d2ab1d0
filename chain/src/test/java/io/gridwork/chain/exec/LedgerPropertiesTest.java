package io.gridwork.chain.exec;

import static io.gridwork.chain.TestChain.FEE;
import static io.gridwork.chain.TestChain.GRID;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.TestChain;
import io.gridwork.chain.audit.AuditRecord;
import io.gridwork.chain.audit.Audits;
import io.gridwork.chain.bank.Bank;
import io.gridwork.chain.genesis.AuditParams;
import io.gridwork.chain.genesis.Genesis;
import io.gridwork.chain.genesis.LivenessParams;
import io.gridwork.chain.genesis.MarketParams;
import io.gridwork.chain.genesis.Params;
import io.gridwork.chain.market.Bid;
import io.gridwork.chain.market.Job;
import io.gridwork.chain.market.Lease;
import io.gridwork.chain.market.Market;
import io.gridwork.chain.market.UnitState;
import io.gridwork.chain.market.UnitStatus;
import io.gridwork.chain.staking.Provider;
import io.gridwork.chain.staking.Staking;
import io.gridwork.chain.state.Keys;
import io.gridwork.chain.state.MemoryState;
import io.gridwork.chain.state.ReadableState;
import io.gridwork.protocol.Address;
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
import io.gridwork.protocol.event.Slashed;
import io.gridwork.protocol.event.StakeBonded;
import io.gridwork.protocol.event.Transferred;
import io.gridwork.protocol.event.UnbondCompleted;
import io.gridwork.protocol.event.UnbondStarted;
import io.gridwork.protocol.event.UnitCompleted;
import io.gridwork.protocol.event.UnitReported;
import io.gridwork.protocol.event.UnitRequeued;
import io.gridwork.protocol.event.UnknownEvent;
import io.gridwork.protocol.market.AuditStatus;
import io.gridwork.protocol.market.LeaseStatus;
import io.gridwork.protocol.market.ProviderStatus;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.spec.SlaTier;
import io.gridwork.protocol.tx.AuditResult;
import io.gridwork.protocol.tx.BondStake;
import io.gridwork.protocol.tx.Checkpoint;
import io.gridwork.protocol.tx.CloseJob;
import io.gridwork.protocol.tx.CloseLease;
import io.gridwork.protocol.tx.CreateJob;
import io.gridwork.protocol.tx.DepositMore;
import io.gridwork.protocol.tx.GpuInventory;
import io.gridwork.protocol.tx.Heartbeat;
import io.gridwork.protocol.tx.JobIds;
import io.gridwork.protocol.tx.PlaceBid;
import io.gridwork.protocol.tx.RegisterProvider;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.protocol.tx.Transfer;
import io.gridwork.protocol.tx.TxBody;
import io.gridwork.protocol.tx.UnbondStake;
import io.gridwork.protocol.tx.UnitResult;
import io.gridwork.testkit.JobSpecBuilder;
import io.gridwork.testkit.TestKeys;
import io.gridwork.testkit.TxFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Invariants of the executor over random sequences of blocks mixing valid and invalid transfers,
 * registrations, bonds, unbonds, envelope faults, the whole market (jobs of every SLA tier, bids,
 * honest and wrong unit results, heartbeats, checkpoints, deposits and closes) and result
 * verification (audit results agreeing or not, timeouts, tie-breaks, slashes). The unbonding period
 * and the bid window are one block, a nominal block lasts an hour, the challenge window is two
 * blocks and an auditor has two, a lease is suspended after two silent blocks and closed after
 * four, and the verification pool is seeded, so that releases, auctions, re-auctions, escrow
 * sweeps, audits, slashes, suspensions, resumptions, heartbeat timeouts and SLA compensations all
 * happen within a run.
 */
class LedgerPropertiesTest {
  private static final List<KeyPair> KEYS = TestKeys.keys("ledger", 5);
  // The last key holds nothing at genesis, so its transactions exercise unpaid fees.
  private static final int FUNDED = 4;
  private static final Genesis GENESIS =
      TestChain.genesis(
              new Params(
                  FEE,
                  100 * GRID,
                  1,
                  new MarketParams(2, 64, 3, GRID, 100, GRID, 3_600_000),
                  new AuditParams(2, 1_000_000, 20_000, 30, 2, 2, 500, 1_000, 5_000, 100),
                  new LivenessParams(1, 2, 4, 9_500, 5 * GRID, 9_900, 20 * GRID)),
              300 * GRID,
              KEYS.subList(0, FUNDED).toArray(KeyPair[]::new))
          .withVerificationPool(20 * GRID);
  private static final Hash WRONG_OUTPUT = Hash.sha256(new byte[] {-1});
  private static final Hash OTHER_WRONG_OUTPUT = Hash.sha256(new byte[] {-2});

  sealed interface Action {}

  record Send(int from, int to, long amount) implements Action {}

  record Register(int who, long stake, boolean valid) implements Action {}

  record Bond(int who, long amount) implements Action {}

  record Unbond(int who, long amount) implements Action {}

  record Faulty(int who, EnvelopeFault fault) implements Action {}

  /** A batch job of {@code units} units, or a service when units is 0. */
  record PostJob(int who, int units, long maxPrice, int depositFactor, boolean valid, SlaTier sla)
      implements Action {}

  /**
   * A bid at {@code percent} of the job's ceiling. Jobs are picked among those posted so far; a
   * targeted action picks among the jobs taking bids instead, so that auctions have bidders.
   */
  record Offer(int who, int job, int percent, int maxUnits, boolean targeted) implements Action {}

  /**
   * A unit result, with the unit's true output or a wrong one; a targeted one is sent by an active
   * lease's holder for one of its units.
   */
  record Report(int who, int job, int unit, boolean honest, boolean targeted) implements Action {}

  /**
   * An audit result: the unit's true output (answer 0) or one of two wrong ones; a targeted one is
   * sent by the auditor of an open audit.
   */
  record Audit(int who, int job, int unit, int answer, boolean targeted) implements Action {}

  record Beat(int who, int job, boolean targeted) implements Action {}

  /**
   * A checkpoint; a targeted one is sent by an active batch lease's holder for one of its units.
   */
  record Save(int who, int job, int unit, boolean targeted) implements Action {}

  /** A deposit; a targeted one is made by the buyer of a job that is not finished. */
  record Deposit(int who, int job, long amount, boolean targeted) implements Action {}

  /** A CloseJob; a targeted one is sent by the buyer of a job that is not finished. */
  record EndJob(int who, int job, boolean targeted) implements Action {}

  record Abandon(int who, int job, boolean targeted) implements Action {}

  enum EnvelopeFault {
    WRONG_CHAIN,
    FUTURE_NONCE,
    STALE_NONCE,
    LOW_FEE,
    UNPAYABLE_FEE
  }

  /** Outcomes the generator must reach often enough for the properties to mean something. */
  private static final List<String> COVERED_CODES =
      List.of(
          "OK",
          "WRONG_CHAIN_ID",
          "BAD_NONCE",
          "FEE_TOO_LOW",
          "INSUFFICIENT_FUNDS",
          "INVALID_AMOUNT",
          "PROVIDER_NOT_REGISTERED",
          "STAKE_BELOW_MINIMUM",
          "INVALID_PROVIDER",
          "UNBOND_EXCEEDS_STAKE",
          "INVALID_JOB_SPEC",
          "JOB_NOT_FOUND",
          "BID_ABOVE_MAX_PRICE",
          "LEASE_NOT_FOUND",
          "NOT_JOB_BUYER",
          "AUDIT_NOT_FOUND");

  private static final List<Class<? extends LedgerEvent>> COVERED_EVENTS =
      List.of(
          ProviderRegistered.class,
          UnbondStarted.class,
          UnbondCompleted.class,
          JobCreated.class,
          BidPlaced.class,
          LeaseOpened.class,
          UnitCompleted.class,
          BillingStarted.class,
          ServiceCharged.class,
          LeaseClosed.class,
          JobClosed.class,
          EscrowRefunded.class,
          EscrowDeposited.class,
          CollateralReturned.class,
          LeaseSuspended.class,
          LeaseResumed.class,
          CheckpointSaved.class,
          SlaCompensated.class,
          UnitReported.class,
          AuditAssigned.class,
          AuditPassed.class,
          AuditDisputed.class,
          AuditTimedOut.class,
          AuditInconclusive.class,
          Slashed.class,
          UnitRequeued.class);

  @Provide
  Arbitrary<List<List<Action>>> blocks() {
    Arbitrary<Integer> who = Arbitraries.integers().between(0, KEYS.size() - 1);
    Arbitrary<Long> amount =
        Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.longs().between(1, 60 * GRID)),
            Tuple.of(2, Arbitraries.longs().between(150 * GRID, 400 * GRID)),
            Tuple.of(1, Arbitraries.just(0L)),
            Tuple.of(1, Arbitraries.just(Long.MAX_VALUE)));
    Arbitrary<Long> stake =
        Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.longs().between(100 * GRID, 200 * GRID)),
            Tuple.of(2, Arbitraries.longs().between(0, 100 * GRID - 1)),
            Tuple.of(1, Arbitraries.just(Long.MAX_VALUE)));
    Arbitrary<Action> action =
        Arbitraries.frequencyOf(
            Tuple.of(4, Combinators.combine(who, who, amount).as(Send::new)),
            Tuple.of(
                3,
                Combinators.combine(who, stake, Arbitraries.of(true, true, true, false))
                    .as(Register::new)),
            Tuple.of(3, Combinators.combine(who, amount).as(Bond::new)),
            Tuple.of(4, Combinators.combine(who, amount).as(Unbond::new)),
            Tuple.of(
                1, Combinators.combine(who, Arbitraries.of(EnvelopeFault.class)).as(Faulty::new)),
            Tuple.of(3, postJob(who)),
            Tuple.of(6, marketAction(who)));
    Arbitrary<List<List<Action>>> blocks =
        action.list().ofMaxSize(8).list().ofMinSize(2).ofMaxSize(10);
    // Half the runs open with three providers registering, a batch job and a service posted, bids
    // on them, a checkpoint saved and results reported for the batch units, two audits answered (a
    // dispute's tie-break among them) and, after the leases fell silent, a heartbeat, so that
    // leases, their payments, audits, slashes, suspensions and resumptions are common rather than
    // rare luck.
    Arbitrary<List<List<Action>>> opening =
        Combinators.combine(
                Arbitraries.longs().between(100 * GRID, 150 * GRID),
                Arbitraries.integers().between(1, 4),
                Arbitraries.longs().between(GRID, 3 * GRID),
                Arbitraries.integers().between(50, 100),
                Arbitraries.of(true, true, false),
                Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 2))
            .as(
                (bond, units, price, percent, honest, answer, tieBreak) ->
                    List.of(
                        List.<Action>of(
                            new Register(1, bond, true),
                            new Register(2, bond, true),
                            new Register(3, bond, true),
                            new PostJob(0, units, price, 2, true, SlaTier.PREMIUM),
                            new PostJob(0, 0, price, 2, true, SlaTier.BEST_EFFORT)),
                        List.<Action>of(
                            new Offer(1, 0, percent, units, true),
                            new Offer(2, 1, percent, units, true),
                            new Offer(1, 1, 100, units, true)),
                        List.<Action>of(),
                        List.<Action>of(
                            new Save(0, 0, 0, true),
                            new Report(0, 0, 0, honest, true),
                            new Report(0, 0, 1, true, true)),
                        List.<Action>of(),
                        List.<Action>of(new Audit(0, 0, 0, answer, true)),
                        List.<Action>of(new Audit(0, 0, 0, tieBreak, true), new Beat(0, 0, true))));
    return Combinators.combine(Arbitraries.of(true, false), opening, blocks)
        .as(
            (open, first, rest) -> {
              if (!open) {
                return rest;
              }
              List<List<Action>> all = new ArrayList<>(first);
              all.addAll(rest);
              return all;
            });
  }

  private static Arbitrary<Action> postJob(Arbitrary<Integer> who) {
    return Combinators.combine(
            who,
            Arbitraries.integers().between(0, 4),
            Arbitraries.longs().between(GRID, 3 * GRID),
            Arbitraries.integers().between(1, 3),
            Arbitraries.of(true, true, true, true, false),
            Arbitraries.of(SlaTier.class))
        .as(PostJob::new);
  }

  private static Arbitrary<Action> marketAction(Arbitrary<Integer> who) {
    Arbitrary<Integer> job = Arbitraries.integers().between(0, 7);
    Arbitrary<Boolean> targeted = Arbitraries.of(true, true, true, false);
    return Arbitraries.frequencyOf(
        Tuple.of(
            5,
            Combinators.combine(
                    who,
                    job,
                    Arbitraries.integers().between(1, 120),
                    Arbitraries.integers().between(1, 4),
                    targeted)
                .as(Offer::new)),
        Tuple.of(
            4,
            Combinators.combine(
                    who,
                    job,
                    Arbitraries.integers().between(0, 4),
                    Arbitraries.of(true, true, true, false),
                    targeted)
                .as(Report::new)),
        Tuple.of(
            4,
            Combinators.combine(
                    who,
                    job,
                    Arbitraries.integers().between(0, 4),
                    Arbitraries.frequency(Tuple.of(6, 0), Tuple.of(2, 1), Tuple.of(1, 2)),
                    targeted)
                .as(Audit::new)),
        Tuple.of(2, Combinators.combine(who, job, targeted).as(Beat::new)),
        Tuple.of(
            2,
            Combinators.combine(who, job, Arbitraries.integers().between(0, 4), targeted)
                .as(Save::new)),
        Tuple.of(
            1,
            Combinators.combine(who, job, Arbitraries.longs().between(0, 5 * GRID), targeted)
                .as(Deposit::new)),
        Tuple.of(1, Combinators.combine(who, job, targeted).as(EndJob::new)),
        Tuple.of(1, Combinators.combine(who, job, targeted).as(Abandon::new)));
  }

  @Property(tries = 150)
  void supplyIsConservedAfterEveryBlock(@ForAll("blocks") List<List<Action>> blocks) {
    Run run = Run.execute(blocks);

    for (MemoryState after : run.postStates) {
      assertThat(Supply.audit(after).conserved()).isTrue();
    }
    List<String> happened = run.codesAndEvents();
    List<String> covered = new ArrayList<>(COVERED_CODES);
    COVERED_EVENTS.forEach(kind -> covered.add(kind.getSimpleName()));
    for (String code : covered) {
      Statistics.label(code).collect(happened.contains(code));
      Statistics.label(code).coverage(c -> c.check(true).percentage(p -> p > 1));
    }
  }

  @Property(tries = 100)
  void replayingTheSameBlocksGivesTheSameRootsAndChangeSets(
      @ForAll("blocks") List<List<Action>> blocks) {
    Run first = Run.execute(blocks);
    TestChain replay = new TestChain(GENESIS);

    for (int i = 0; i < first.blocks.size(); i++) {
      BlockOutcome again = replay.block(first.blocks.get(i));
      BlockOutcome original = first.outcomes.get(i);
      assertThat(again.stateRoot()).isEqualTo(original.stateRoot());
      assertThat(again.changes()).isEqualTo(original.changes());
      assertThat(again.results()).isEqualTo(original.results());
      assertThat(again.blockEvents()).isEqualTo(original.blockEvents());
    }
  }

  @Property(tries = 60)
  void endOfBlockIndexesHoldExactlyWhatIsDue(@ForAll("blocks") List<List<Action>> blocks) {
    Run run = Run.execute(blocks);

    for (int i = 0; i < run.postStates.size(); i++) {
      MemoryState after = run.postStates.get(i);
      long height = i + 1;
      List<String> dueAuctions = new ArrayList<>();
      after.scan(
          Keys.table(Keys.AUCTIONS_DUE),
          (key, value) -> {
            assertThat(Keys.dueHeight(key)).isGreaterThan(height);
            dueAuctions.add(Keys.dueHeight(key) + "/" + Keys.trailingId(key));
            return true;
          });
      List<String> bidding = new ArrayList<>();
      after.scan(
          Keys.table(Keys.JOBS),
          (key, value) -> {
            Job job = Market.job(after, Keys.trailingId(key)).orElseThrow();
            if (job.bidding()) {
              bidding.add(job.biddingClosesAt() + "/" + job.id());
            }
            return true;
          });
      assertThat(dueAuctions).containsExactlyInAnyOrderElementsOf(bidding);
      List<String> dueSweeps = new ArrayList<>();
      after.scan(
          Keys.table(Keys.ESCROW_EXHAUSTION),
          (key, value) -> {
            assertThat(Keys.dueHeight(key)).isGreaterThan(height);
            dueSweeps.add(Keys.dueHeight(key) + "/" + Keys.trailingId(key));
            return true;
          });
      List<String> services = new ArrayList<>();
      after.scan(
          Keys.table(Keys.LEASES),
          (key, value) -> {
            Lease lease = Market.lease(after, Keys.trailingId(key)).orElseThrow();
            // A suspended service, or one not billing yet, is not charged, so it is not swept for
            // exhaustion either.
            if (lease.status() == LeaseStatus.ACTIVE && lease.billing()) {
              services.add(lease.exhaustionHeight() + "/" + lease.id());
            }
            return true;
          });
      assertThat(dueSweeps).containsExactlyInAnyOrderElementsOf(services);
      assertUnitIndexesMatchTheUnits(after, height);
      List<String> dueHeartbeats = new ArrayList<>();
      after.scan(
          Keys.table(Keys.HEARTBEATS_DUE),
          (key, value) -> {
            assertThat(Keys.dueHeight(key)).isGreaterThan(height);
            dueHeartbeats.add(Keys.dueHeight(key) + "/" + Keys.trailingId(key));
            return true;
          });
      List<String> open = new ArrayList<>();
      after.scan(
          Keys.table(Keys.LEASES),
          (key, value) -> {
            Lease lease = Market.lease(after, Keys.trailingId(key)).orElseThrow();
            if (lease.active()) {
              open.add(lease.heartbeatDueHeight() + "/" + lease.id());
            }
            return true;
          });
      assertThat(dueHeartbeats).containsExactlyInAnyOrderElementsOf(open);
    }
  }

  @Property(tries = 60)
  void serviceThatNeverSentAHeartbeatHasCostItsBuyerNothing(
      @ForAll("blocks") List<List<Action>> blocks) {
    Run run = Run.execute(blocks);

    for (MemoryState after : run.postStates) {
      after.scan(
          Keys.table(Keys.LEASES),
          (key, value) -> {
            Lease lease = Market.lease(after, Keys.trailingId(key)).orElseThrow();
            if (lease.service() && !lease.billing()) {
              assertThat(lease.paid()).isZero();
              assertThat(lease.heartbeats()).isZero();
            }
            return true;
          });
    }
  }

  @Property(tries = 60)
  void committedSlaStakeIsWhatOpenBidsAndLeasesOwe(@ForAll("blocks") List<List<Action>> blocks) {
    Run run = Run.execute(blocks);

    for (MemoryState after : run.postStates) {
      Map<Address, Long> owed = new TreeMap<>();
      after.scan(
          Keys.table(Keys.JOBS),
          (key, value) -> {
            for (Bid bid : Market.bids(after, Keys.trailingId(key))) {
              owed.merge(bid.provider(), bid.slaStake(), Long::sum);
            }
            for (Lease lease : Market.leases(after, Keys.trailingId(key))) {
              if (lease.active()) {
                owed.merge(lease.provider(), lease.slaStake(), Long::sum);
              }
            }
            return true;
          });
      for (KeyPair key : KEYS) {
        assertThat(Staking.slaCommitted(after, key.address()))
            .isEqualTo(owed.getOrDefault(key.address(), 0L));
      }
    }
  }

  /**
   * Every reported, not yet final unit is due for finalization at the end of its window, and for
   * sampling only if it was reported in this very block; every unit whose latest audit is
   * unresolved is due at that audit's deadline; nothing else is in those indexes, and nothing in
   * them is due already.
   */
  private static void assertUnitIndexesMatchTheUnits(ReadableState after, long height) {
    long window = GENESIS.params().audit().challengeWindowBlocks();
    List<String> toSample = new ArrayList<>();
    List<String> toFinalize = new ArrayList<>();
    List<String> auditsDue = new ArrayList<>();
    after.scan(
        Keys.table(Keys.JOBS),
        (key, value) -> {
          Hash job = Keys.trailingId(key);
          for (UnitState unit : Market.units(after, job)) {
            if (unit.status() == UnitStatus.REPORTED) {
              toFinalize.add((unit.reportedHeight() + window) + "/" + job + "/" + unit.unit());
              if (unit.reportedHeight() == height) {
                toSample.add((height + 1) + "/" + job + "/" + unit.unit());
              }
            }
          }
          List<AuditRecord> audits = Audits.ofJob(after, job);
          for (int i = 0; i < audits.size(); i++) {
            AuditRecord r = audits.get(i);
            boolean latest = i + 1 == audits.size() || audits.get(i + 1).unit() != r.unit();
            if (latest && r.status().unresolved()) {
              auditsDue.add(r.deadline() + "/" + job + "/" + r.unit());
            }
          }
          return true;
        });
    assertThat(indexed(after, Keys.UNITS_TO_SAMPLE, height)).containsExactlyElementsOf(toSample);
    assertThat(indexed(after, Keys.UNITS_TO_FINALIZE, height))
        .containsExactlyInAnyOrderElementsOf(toFinalize);
    assertThat(indexed(after, Keys.AUDITS_DUE, height))
        .containsExactlyInAnyOrderElementsOf(auditsDue);
  }

  private static List<String> indexed(ReadableState state, byte table, long height) {
    List<String> entries = new ArrayList<>();
    state.scan(
        Keys.table(table),
        (key, value) -> {
          assertThat(Keys.dueHeight(key)).isGreaterThan(height);
          entries.add(Keys.dueHeight(key) + "/" + Keys.dueJob(key) + "/" + Keys.dueUnit(key));
          return true;
        });
    return entries;
  }

  @Property(tries = 150)
  void rootChangesExactlyWhenTheChangeSetIsNotEmpty(@ForAll("blocks") List<List<Action>> blocks) {
    Run run = Run.execute(blocks);

    Hash previous = run.genesisRoot;
    for (BlockOutcome outcome : run.outcomes) {
      assertThat(outcome.stateRoot().equals(previous)).isEqualTo(outcome.changes().isEmpty());
      previous = outcome.stateRoot();
    }
  }

  @Property(tries = 150)
  void changeSetAppliedToThePreStateMatchesWhatTheExecutorReported(
      @ForAll("blocks") List<List<Action>> blocks) {
    Run run = Run.execute(blocks);

    for (int i = 0; i < run.outcomes.size(); i++) {
      MemoryState before = run.preStates.get(i);
      BlockOutcome outcome = run.outcomes.get(i);
      MemoryState applied = TestChain.copy(before);
      outcome.changes().applyTo(applied);

      assertEveryWriteIsEffective(before, outcome.changes());
      assertThat(snapshot(applied)).isEqualTo(snapshot(run.postStates.get(i)));
      assertEventsExplainTheChanges(before, applied, outcome);
    }
  }

  private static void assertEveryWriteIsEffective(ReadableState before, ChangeSet changes) {
    changes
        .writes()
        .forEach(
            (key, value) -> {
              byte[] old = before.get(key);
              assertThat(value == null ? old != null : !Arrays.equals(old, value)).isTrue();
            });
  }

  /** Replays the block's events as bookkeeping and checks balances, stakes and fees agree. */
  private static void assertEventsExplainTheChanges(
      ReadableState before, ReadableState after, BlockOutcome outcome) {
    Map<Address, Long> balances = new TreeMap<>();
    Map<Address, Long> stakes = new TreeMap<>();
    Map<Address, Long> unbonding = new TreeMap<>();
    for (KeyPair key : KEYS) {
      Address a = key.address();
      balances.put(a, Bank.account(before, a).balance());
      stakes.put(a, Staking.provider(before, a).map(Provider::stake).orElse(0L));
      unbonding.put(a, Staking.provider(before, a).map(Provider::unbonding).orElse(0L));
    }
    long pool = Bank.feePool(before);
    long escrow = Market.escrowHeld(before);
    long collateral = Market.collateralHeld(before);
    long verificationFunds = Bank.verificationPool(before) + Audits.reservedRewards(before);
    long burned = Bank.burned(before);
    long networkFees = 0;
    List<LedgerEvent> events = new ArrayList<>();
    long feesCharged = 0;
    for (TxResult result : outcome.results()) {
      events.addAll(result.events());
      feesCharged += result.feeCharged();
    }
    events.addAll(outcome.blockEvents());
    for (LedgerEvent event : events) {
      switch (event) {
        case FeePaid e -> {
          balances.merge(e.payer(), -e.amount(), Long::sum);
          pool += e.amount();
        }
        case Transferred e -> {
          balances.merge(e.from(), -e.amount(), Long::sum);
          balances.merge(e.to(), e.amount(), Long::sum);
        }
        case ProviderRegistered e -> {
          balances.merge(e.owner(), stakes.get(e.owner()) - e.stake(), Long::sum);
          stakes.put(e.owner(), e.stake());
        }
        case ProviderUpdated e -> {
          balances.merge(e.owner(), stakes.get(e.owner()) - e.stake(), Long::sum);
          stakes.put(e.owner(), e.stake());
        }
        case StakeBonded e -> {
          balances.merge(e.owner(), -e.amount(), Long::sum);
          stakes.merge(e.owner(), e.amount(), Long::sum);
        }
        case UnbondStarted e -> {
          stakes.merge(e.owner(), -e.amount(), Long::sum);
          unbonding.merge(e.owner(), e.amount(), Long::sum);
        }
        case UnbondCompleted e -> {
          balances.merge(e.owner(), e.amount(), Long::sum);
          unbonding.merge(e.owner(), -e.amount(), Long::sum);
        }
        case JobCreated e -> {
          balances.merge(e.buyer(), -e.deposit(), Long::sum);
          escrow += e.deposit();
        }
        case EscrowDeposited e -> {
          balances.merge(e.buyer(), -e.amount(), Long::sum);
          escrow += e.amount();
        }
        case EscrowRefunded e -> {
          balances.merge(e.buyer(), e.amount(), Long::sum);
          escrow -= e.amount();
        }
        case BidPlaced e -> {
          balances.merge(e.provider(), -e.collateral(), Long::sum);
          collateral += e.collateral();
        }
        case CollateralReturned e -> {
          balances.merge(e.provider(), e.amount(), Long::sum);
          collateral -= e.amount();
        }
        case UnitCompleted e -> {
          assertThat(e.paid() + e.fee() + e.verificationFee()).isEqualTo(e.amount());
          balances.merge(e.provider(), e.paid(), Long::sum);
          pool += e.fee();
          networkFees += e.fee();
          verificationFunds += e.verificationFee();
          escrow -= e.amount();
        }
        case ServiceCharged e -> {
          assertThat(e.paid() + e.fee()).isEqualTo(e.amount());
          balances.merge(e.provider(), e.paid(), Long::sum);
          pool += e.fee();
          networkFees += e.fee();
          escrow -= e.amount();
        }
        case SlaCompensated e -> {
          stakes.merge(e.provider(), -e.amount(), Long::sum);
          balances.merge(e.buyer(), e.amount(), Long::sum);
        }
        case AuditPassed e -> {
          balances.merge(e.auditor(), e.reward(), Long::sum);
          verificationFunds -= e.reward();
        }
        case Slashed e -> {
          assertThat(e.toBuyer() + e.burned()).isEqualTo(e.amount());
          Address buyer = Market.job(before, e.jobId()).orElseThrow().buyer();
          balances.merge(buyer, e.toBuyer(), Long::sum);
          // A slash takes bonded stake first, then stake waiting to unbond.
          long fromStake = Math.min(e.amount(), stakes.get(e.provider()));
          stakes.merge(e.provider(), -fromStake, Long::sum);
          unbonding.merge(e.provider(), fromStake - e.amount(), Long::sum);
          burned += e.burned();
        }
        // Lifecycle events: no tokens move (a won bid's collateral stays locked in its lease, and
        // an audit's reward moves only between the verification pool and its reservation).
        case AuctionClosed e -> {}
        case BiddingReopened e -> {}
        case LeaseOpened e -> {}
        case BillingStarted e -> {}
        case LeaseClosed e -> {}
        case LeaseSuspended e -> {}
        case LeaseResumed e -> {}
        case CheckpointSaved e -> {}
        case JobDone e -> {}
        case JobClosed e -> {}
        case UnitReported e -> {}
        case UnitRequeued e -> {}
        case AuditAssigned e -> {}
        case AuditDisputed e -> {}
        case AuditTimedOut e -> {}
        case AuditSkipped e -> {}
        case AuditInconclusive e -> {}
        case UnknownEvent e -> throw new AssertionError("unexpected event " + e);
      }
    }
    assertThat(Bank.feePool(after))
        .isEqualTo(pool)
        .isEqualTo(Bank.feePool(before) + feesCharged + networkFees);
    assertThat(Market.escrowHeld(after)).isEqualTo(escrow);
    assertThat(Market.collateralHeld(after)).isEqualTo(collateral);
    assertThat(Bank.verificationPool(after) + Audits.reservedRewards(after))
        .isEqualTo(verificationFunds);
    assertThat(Bank.burned(after)).isEqualTo(burned);
    for (KeyPair key : KEYS) {
      Address a = key.address();
      assertThat(Bank.account(after, a).balance()).isEqualTo(balances.get(a));
      assertThat(Staking.provider(after, a).map(Provider::stake).orElse(0L))
          .isEqualTo(stakes.get(a));
      assertThat(Staking.provider(after, a).map(Provider::unbonding).orElse(0L))
          .isEqualTo(unbonding.get(a));
    }
  }

  private static Map<String, String> snapshot(ReadableState state) {
    Map<String, String> out = new TreeMap<>();
    state.scan(
        new byte[0],
        (k, v) -> {
          out.put(HexFormat.of().formatHex(k), HexFormat.of().formatHex(v));
          return true;
        });
    return out;
  }

  /** One execution of random blocks from genesis, keeping every pre- and post-state. */
  private static final class Run {
    final List<List<SignedTransaction>> blocks = new ArrayList<>();
    final List<BlockOutcome> outcomes = new ArrayList<>();
    final List<MemoryState> preStates = new ArrayList<>();
    final List<MemoryState> postStates = new ArrayList<>();

    /** Every job a CreateJob was signed for, accepted or not, with the ceiling its bids use. */
    final List<PostedJob> jobs = new ArrayList<>();

    Hash genesisRoot;

    /** Every result code and event kind (its record's name) seen in the run. */
    List<String> codesAndEvents() {
      List<String> seen = new ArrayList<>();
      for (BlockOutcome outcome : outcomes) {
        for (TxResult result : outcome.results()) {
          seen.add(result.code());
          result.events().forEach(e -> seen.add(e.getClass().getSimpleName()));
        }
        outcome.blockEvents().forEach(e -> seen.add(e.getClass().getSimpleName()));
      }
      return seen;
    }

    static Run execute(List<List<Action>> actions) {
      Run run = new Run();
      TestChain chain = new TestChain(GENESIS);
      run.genesisRoot = chain.root();
      for (List<Action> blockActions : actions) {
        List<SignedTransaction> block = run.build(blockActions, chain.state);
        run.preStates.add(TestChain.copy(chain.state));
        run.outcomes.add(chain.block(block));
        run.postStates.add(TestChain.copy(chain.state));
        run.blocks.add(block);
      }
      return run;
    }

    /**
     * Signs the block's transactions with the nonces the senders would use if every earlier one in
     * the block were accepted, so that rejections ripple into later nonces as they would.
     */
    private List<SignedTransaction> build(List<Action> actions, ReadableState state) {
      long[] nonces = new long[KEYS.size()];
      for (int i = 0; i < KEYS.size(); i++) {
        nonces[i] = Bank.account(state, KEYS.get(i).address()).nonce();
      }
      TxFactory factory = new TxFactory(TestChain.CHAIN_ID);
      List<SignedTransaction> txs = new ArrayList<>();
      for (Action generated : actions) {
        Action action = target(generated, state);
        int who = sender(action);
        KeyPair key = KEYS.get(who);
        if (action instanceof Faulty f) {
          txs.add(faulty(f, key, nonces[who]));
          continue;
        }
        if (action instanceof PostJob p) {
          jobs.add(
              new PostedJob(JobIds.jobId(key.address(), nonces[who]), p.units() > 0, p.maxPrice()));
        }
        factory.withFee(FEE).nonce(key, nonces[who]++);
        txs.add(factory.sign(key, body(action, key)));
      }
      return txs;
    }

    private static SignedTransaction faulty(Faulty f, KeyPair key, long nonce) {
      TxBody body = new Transfer(KEYS.get(0).address(), GRID);
      return switch (f.fault()) {
        case WRONG_CHAIN -> new TxFactory("another-chain").nonce(key, nonce).sign(key, body);
        case FUTURE_NONCE ->
            new TxFactory(TestChain.CHAIN_ID).nonce(key, nonce + 3).sign(key, body);
        case STALE_NONCE ->
            new TxFactory(TestChain.CHAIN_ID)
                .nonce(key, nonce == 0 ? 7 : nonce - 1)
                .sign(key, body);
        case LOW_FEE ->
            new TxFactory(TestChain.CHAIN_ID).withFee(FEE - 1).nonce(key, nonce).sign(key, body);
        case UNPAYABLE_FEE ->
            new TxFactory(TestChain.CHAIN_ID)
                .withFee(Long.MAX_VALUE)
                .nonce(key, nonce)
                .sign(key, body);
      };
    }

    private static int sender(Action action) {
      return switch (action) {
        case Send s -> s.from();
        case Register r -> r.who();
        case Bond b -> b.who();
        case Unbond u -> u.who();
        case Faulty f -> f.who();
        case PostJob p -> p.who();
        case Offer o -> o.who();
        case Report r -> r.who();
        case Audit a -> a.who();
        case Beat b -> b.who();
        case Save c -> c.who();
        case Deposit d -> d.who();
        case EndJob e -> e.who();
        case Abandon a -> a.who();
      };
    }

    /**
     * Points a targeted action at something that exists in the state before the block: a job taking
     * bids, or an active lease (sent by its holder, for one of its unreported units). Untargeted
     * actions, and targeted ones with nothing to aim at, stay as generated.
     */
    private Action target(Action action, ReadableState state) {
      return switch (action) {
        case Offer o when o.targeted() -> {
          List<Job> open = Market.openJobs(state);
          List<Provider> active =
              Staking.providers(state).stream()
                  .filter(p -> p.status() == ProviderStatus.ACTIVE)
                  .toList();
          yield open.isEmpty() || active.isEmpty()
              ? o
              : new Offer(
                  indexOf(active.get(o.who() % active.size()).owner()),
                  indexOf(open.get(o.job() % open.size()).id()),
                  o.percent(),
                  o.maxUnits(),
                  false);
        }
        case Report r when r.targeted() ->
            activeLease(state, r.job())
                .map(
                    l ->
                        (Action)
                            new Report(
                                holder(l),
                                indexOf(l.jobId()),
                                unreportedUnit(state, l, r.unit()),
                                r.honest(),
                                false))
                .orElse(r);
        case Save c when c.targeted() ->
            activeBatchLease(state, c.job())
                .map(
                    l ->
                        (Action)
                            new Save(
                                holder(l),
                                indexOf(l.jobId()),
                                unreportedUnit(state, l, c.unit()),
                                false))
                .orElse(c);
        case Audit a when a.targeted() ->
            openAudit(state, a.job())
                .map(
                    r ->
                        (Action)
                            new Audit(
                                indexOf(r.auditor()),
                                indexOf(r.jobId()),
                                r.unit(),
                                a.answer(),
                                false))
                .orElse(a);
        case Beat b when b.targeted() ->
            activeLease(state, b.job())
                .map(l -> (Action) new Beat(holder(l), indexOf(l.jobId()), false))
                .orElse(b);
        case Abandon a when a.targeted() ->
            activeLease(state, a.job())
                .map(l -> (Action) new Abandon(holder(l), indexOf(l.jobId()), false))
                .orElse(a);
        case Deposit d when d.targeted() ->
            unfinishedJob(state, d.job())
                .map(
                    j ->
                        (Action)
                            new Deposit(indexOf(j.buyer()), indexOf(j.id()), d.amount(), false))
                .orElse(d);
        case EndJob e when e.targeted() ->
            unfinishedJob(state, e.job())
                .map(j -> (Action) new EndJob(indexOf(j.buyer()), indexOf(j.id()), false))
                .orElse(e);
        default -> action;
      };
    }

    /** One of the lease's unreported units, or {@code pick} itself when it has none. */
    private static int unreportedUnit(ReadableState state, Lease lease, int pick) {
      List<Integer> units =
          Market.units(state, lease.jobId()).stream()
              .filter(u -> u.leaseId().equals(lease.id()) && !u.reported())
              .map(UnitState::unit)
              .toList();
      return units.isEmpty() ? pick : units.get(pick % units.size());
    }

    private Optional<Job> unfinishedJob(ReadableState state, int pick) {
      List<Job> unfinished = new ArrayList<>();
      for (PostedJob posted : jobs) {
        Market.job(state, posted.id())
            .filter(j -> !j.status().finished())
            .ifPresent(unfinished::add);
      }
      return unfinished.isEmpty()
          ? Optional.empty()
          : Optional.of(unfinished.get(pick % unfinished.size()));
    }

    private Optional<AuditRecord> openAudit(ReadableState state, int pick) {
      List<AuditRecord> open = new ArrayList<>();
      for (PostedJob posted : jobs) {
        Audits.ofJob(state, posted.id()).stream()
            .filter(r -> r.status() == AuditStatus.OPEN)
            .forEach(open::add);
      }
      return open.isEmpty() ? Optional.empty() : Optional.of(open.get(pick % open.size()));
    }

    private static Optional<Lease> activeLease(ReadableState state, int pick) {
      List<Lease> active = new ArrayList<>();
      for (KeyPair key : KEYS) {
        Market.leasesByProvider(state, key.address()).stream()
            .filter(Lease::active)
            .forEach(active::add);
      }
      return active.isEmpty() ? Optional.empty() : Optional.of(active.get(pick % active.size()));
    }

    private static Optional<Lease> activeBatchLease(ReadableState state, int pick) {
      List<Lease> active = new ArrayList<>();
      for (KeyPair key : KEYS) {
        Market.leasesByProvider(state, key.address()).stream()
            .filter(l -> l.active() && !l.service())
            .forEach(active::add);
      }
      return active.isEmpty() ? Optional.empty() : Optional.of(active.get(pick % active.size()));
    }

    private static int holder(Lease lease) {
      return indexOf(lease.provider());
    }

    private static int indexOf(Address address) {
      for (int i = 0; i < KEYS.size(); i++) {
        if (KEYS.get(i).address().equals(address)) {
          return i;
        }
      }
      throw new IllegalStateException(address + " is not one of the generator's keys");
    }

    private int indexOf(Hash jobId) {
      for (int i = 0; i < jobs.size(); i++) {
        if (jobs.get(i).id().equals(jobId)) {
          return i;
        }
      }
      throw new IllegalStateException("job " + jobId + " was not posted by the generator");
    }

    /** The job an action refers to, or an id no job has while none was posted. */
    private PostedJob job(int index) {
      return jobs.isEmpty()
          ? new PostedJob(Hash.sha256(new byte[] {1}), true, GRID)
          : jobs.get(index % jobs.size());
    }

    private TxBody body(Action action, KeyPair key) {
      return switch (action) {
        case PostJob p -> new CreateJob(spec(p));
        case Offer o -> {
          PostedJob job = job(o.job());
          long price = Math.max(1, job.maxPrice() * o.percent() / 100);
          yield new PlaceBid(job.id(), price, "RTX 4090", 1, job.batch() ? o.maxUnits() : 0);
        }
        case Report r ->
            new UnitResult(
                JobIds.leaseId(job(r.job()).id(), key.address()),
                r.unit(),
                r.honest() ? trueOutput(r.unit()) : WRONG_OUTPUT);
        case Audit a ->
            new AuditResult(
                job(a.job()).id(),
                a.unit(),
                switch (a.answer()) {
                  case 0 -> trueOutput(a.unit());
                  case 1 -> WRONG_OUTPUT;
                  default -> OTHER_WRONG_OUTPUT;
                });
        case Beat b -> new Heartbeat(JobIds.leaseId(job(b.job()).id(), key.address()));
        case Save c ->
            new Checkpoint(
                JobIds.leaseId(job(c.job()).id(), key.address()),
                c.unit(),
                Hash.sha256(new byte[] {(byte) c.unit(), 1}));
        case Deposit d -> new DepositMore(job(d.job()).id(), d.amount());
        case EndJob e -> new CloseJob(job(e.job()).id());
        case Abandon a -> new CloseLease(JobIds.leaseId(job(a.job()).id(), key.address()));
        case Send s -> new Transfer(KEYS.get(s.to()).address(), s.amount());
        case Register r ->
            new RegisterProvider(
                List.of(new GpuInventory("RTX 4090", 24_576, r.valid() ? 2 : 0)),
                "eu-west",
                "standard",
                new TreeMap<>(),
                r.stake());
        case Bond b -> new BondStake(b.amount());
        case Unbond u -> new UnbondStake(u.amount());
        case Faulty f -> throw new IllegalArgumentException("faulty envelopes are built apart");
      };
    }

    private static Hash trueOutput(int unit) {
      return Hash.sha256(new byte[] {(byte) unit});
    }

    private static JobSpec spec(PostJob p) {
      JobSpecBuilder spec =
          p.units() > 0
              ? JobSpecBuilder.batch(p.units(), p.maxPrice(), p.units() * p.maxPrice())
              : JobSpecBuilder.service(p.maxPrice(), p.maxPrice());
      spec.deposit((p.units() > 0 ? p.units() * p.maxPrice() : p.maxPrice()) * p.depositFactor());
      spec.sla(p.sla());
      return (p.valid() ? spec : spec.name("Not A Name")).build();
    }
  }

  /** A job id the generator may refer to, whether its batch, and the ceiling of its bids. */
  record PostedJob(Hash id, boolean batch, long maxPrice) {}
}
