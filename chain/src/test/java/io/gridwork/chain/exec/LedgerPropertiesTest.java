package io.gridwork.chain.exec;

import static io.gridwork.chain.TestChain.FEE;
import static io.gridwork.chain.TestChain.GRID;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.TestChain;
import io.gridwork.chain.bank.Bank;
import io.gridwork.chain.genesis.Genesis;
import io.gridwork.chain.genesis.Params;
import io.gridwork.chain.staking.Provider;
import io.gridwork.chain.staking.Staking;
import io.gridwork.chain.state.MemoryState;
import io.gridwork.chain.state.ReadableState;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.tx.BondStake;
import io.gridwork.protocol.tx.GpuInventory;
import io.gridwork.protocol.tx.RegisterProvider;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.protocol.tx.Transfer;
import io.gridwork.protocol.tx.TxBody;
import io.gridwork.protocol.tx.UnbondStake;
import io.gridwork.testkit.TestKeys;
import io.gridwork.testkit.TxFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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
 * registrations, bonds, unbonds and envelope faults. The unbonding period is one block so that
 * releases happen within a run.
 */
class LedgerPropertiesTest {
  private static final List<KeyPair> KEYS = TestKeys.keys("ledger", 4);
  // The last key holds nothing at genesis, so its transactions exercise unpaid fees.
  private static final int FUNDED = 3;
  private static final Genesis GENESIS =
      TestChain.genesis(
          new Params(FEE, 100 * GRID, 1),
          300 * GRID,
          KEYS.subList(0, FUNDED).toArray(KeyPair[]::new));

  sealed interface Action {}

  record Send(int from, int to, long amount) implements Action {}

  record Register(int who, long stake, boolean valid) implements Action {}

  record Bond(int who, long amount) implements Action {}

  record Unbond(int who, long amount) implements Action {}

  record Faulty(int who, EnvelopeFault fault) implements Action {}

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
          "provider_registered",
          "unbond_started",
          "unbond_completed");

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
                1, Combinators.combine(who, Arbitraries.of(EnvelopeFault.class)).as(Faulty::new)));
    return action.list().ofMaxSize(6).list().ofMinSize(2).ofMaxSize(8);
  }

  @Property(tries = 150)
  void supplyIsConservedAfterEveryBlock(@ForAll("blocks") List<List<Action>> blocks) {
    Run run = Run.execute(blocks);

    for (MemoryState after : run.postStates) {
      assertThat(Supply.audit(after).conserved()).isTrue();
    }
    List<String> happened = run.codesAndEvents();
    for (String code : COVERED_CODES) {
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
    List<Event> events = new ArrayList<>();
    long feesCharged = 0;
    for (TxResult result : outcome.results()) {
      events.addAll(result.events());
      feesCharged += result.feeCharged();
    }
    events.addAll(outcome.blockEvents());
    for (Event e : events) {
      Map<String, String> at = e.attributes();
      switch (e.type()) {
        case "fee_paid" -> {
          balances.merge(Address.parse(at.get("payer")), -num(at, "amount"), Long::sum);
          pool += num(at, "amount");
        }
        case "transfer" -> {
          balances.merge(Address.parse(at.get("from")), -num(at, "amount"), Long::sum);
          balances.merge(Address.parse(at.get("to")), num(at, "amount"), Long::sum);
        }
        case "provider_registered", "provider_updated" -> {
          Address owner = Address.parse(at.get("owner"));
          balances.merge(owner, stakes.get(owner) - num(at, "stake"), Long::sum);
          stakes.put(owner, num(at, "stake"));
        }
        case "stake_bonded" -> {
          Address owner = Address.parse(at.get("owner"));
          balances.merge(owner, -num(at, "amount"), Long::sum);
          stakes.merge(owner, num(at, "amount"), Long::sum);
        }
        case "unbond_started" -> {
          Address owner = Address.parse(at.get("owner"));
          stakes.merge(owner, -num(at, "amount"), Long::sum);
          unbonding.merge(owner, num(at, "amount"), Long::sum);
        }
        case "unbond_completed" -> {
          Address owner = Address.parse(at.get("owner"));
          balances.merge(owner, num(at, "amount"), Long::sum);
          unbonding.merge(owner, -num(at, "amount"), Long::sum);
        }
        default -> throw new AssertionError("unexpected event " + e);
      }
    }
    assertThat(Bank.feePool(after)).isEqualTo(pool).isEqualTo(Bank.feePool(before) + feesCharged);
    for (KeyPair key : KEYS) {
      Address a = key.address();
      assertThat(Bank.account(after, a).balance()).isEqualTo(balances.get(a));
      assertThat(Staking.provider(after, a).map(Provider::stake).orElse(0L))
          .isEqualTo(stakes.get(a));
      assertThat(Staking.provider(after, a).map(Provider::unbonding).orElse(0L))
          .isEqualTo(unbonding.get(a));
    }
  }

  private static long num(Map<String, String> attributes, String name) {
    return Long.parseLong(attributes.get(name));
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
    Hash genesisRoot;

    /** Every result code and event type seen in the run. */
    List<String> codesAndEvents() {
      List<String> seen = new ArrayList<>();
      for (BlockOutcome outcome : outcomes) {
        for (TxResult result : outcome.results()) {
          seen.add(result.code());
          result.events().forEach(e -> seen.add(e.type()));
        }
        outcome.blockEvents().forEach(e -> seen.add(e.type()));
      }
      return seen;
    }

    static Run execute(List<List<Action>> actions) {
      Run run = new Run();
      TestChain chain = new TestChain(GENESIS);
      run.genesisRoot = chain.root();
      for (List<Action> blockActions : actions) {
        List<SignedTransaction> block = build(blockActions, chain.state);
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
    private static List<SignedTransaction> build(List<Action> actions, ReadableState state) {
      long[] nonces = new long[KEYS.size()];
      for (int i = 0; i < KEYS.size(); i++) {
        nonces[i] = Bank.account(state, KEYS.get(i).address()).nonce();
      }
      TxFactory factory = new TxFactory(TestChain.CHAIN_ID);
      List<SignedTransaction> txs = new ArrayList<>();
      for (Action action : actions) {
        int who = sender(action);
        KeyPair key = KEYS.get(who);
        if (action instanceof Faulty f) {
          txs.add(faulty(f, key, nonces[who]));
          continue;
        }
        factory.withFee(FEE).nonce(key, nonces[who]++);
        txs.add(factory.sign(key, body(action)));
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
      };
    }

    private static TxBody body(Action action) {
      return switch (action) {
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
  }
}
