package io.gridwork.chain.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.TestChain;
import io.gridwork.chain.exec.BlockOutcome;
import io.gridwork.chain.exec.Supply;
import io.gridwork.chain.exec.TxResult;
import io.gridwork.chain.genesis.AuditParams;
import io.gridwork.chain.genesis.Params;
import io.gridwork.chain.market.Job;
import io.gridwork.chain.market.Lease;
import io.gridwork.chain.market.Market;
import io.gridwork.chain.market.UnitState;
import io.gridwork.chain.reputation.ProviderStats;
import io.gridwork.chain.reputation.Reputation;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.event.LedgerEvent;
import io.gridwork.protocol.market.AuditStatus;
import io.gridwork.protocol.tx.JobIds;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.testkit.JobSpecBuilder;
import io.gridwork.testkit.TestKeys;
import java.util.ArrayList;
import java.util.List;

/**
 * A chain with a funded buyer, four funded providers and a seeded verification pool, and the steps
 * verification tests repeat: registering, winning a job's units, reporting, answering audits. Every
 * block it runs is checked for conservation of the supply, and every event is kept.
 */
final class AuditHarness {
  static final long GRID = TestChain.GRID;
  static final long FEE = TestChain.FEE;
  static final long START = 1_000 * GRID;
  static final long STAKE = 100 * GRID;
  static final long POOL = 50 * GRID;
  static final long PRICE = 2 * GRID;
  static final String GPU = "RTX 4090";
  static final Hash TRUE_OUTPUT = Hash.sha256(new byte[] {42});
  static final Hash WRONG_OUTPUT = Hash.sha256(new byte[] {13});
  static final Hash OTHER_OUTPUT = Hash.sha256(new byte[] {7});

  final KeyPair buyer = TestKeys.key("buyer");
  final List<KeyPair> providers = TestKeys.keys("provider", 4);
  final TestChain chain;
  final Params params;
  final List<LedgerEvent> events = new ArrayList<>();

  AuditHarness() {
    this(AuditParams.defaults());
  }

  AuditHarness(AuditParams audit) {
    this(audit, POOL);
  }

  AuditHarness(AuditParams audit, long pool) {
    params = TestChain.PARAMS.withAudit(audit);
    List<KeyPair> funded = new ArrayList<>(providers);
    funded.add(buyer);
    chain =
        new TestChain(
            TestChain.genesis(params, START, funded.toArray(KeyPair[]::new))
                .withVerificationPool(pool));
  }

  KeyPair p(int i) {
    return providers.get(i);
  }

  /** Runs one block, checks the supply and keeps every event of the block. */
  BlockOutcome block(SignedTransaction... txs) {
    BlockOutcome outcome = chain.block(List.of(txs));
    assertThat(Supply.audit(chain.state).conserved()).as("supply after a block").isTrue();
    for (TxResult result : outcome.results()) {
      events.addAll(result.events());
    }
    events.addAll(outcome.blockEvents());
    return outcome;
  }

  TxResult run(SignedTransaction tx) {
    return block(tx).results().get(0);
  }

  void runOk(SignedTransaction tx) {
    TxResult result = run(tx);
    assertThat(result.code()).as(result.message()).isEqualTo("OK");
  }

  void advanceTo(long height) {
    while (chain.height() < height) {
      block();
    }
  }

  /** Registers the first {@code n} providers with one RTX 4090 each. */
  void registerProviders(int n) {
    for (int i = 0; i < n; i++) {
      runOk(chain.txs.registerProvider(p(i), GPU, 1, "eu-west", STAKE));
    }
  }

  /**
   * Posts a job of {@code units} units and has {@code winner} win all of them at {@link #PRICE}.
   */
  Hash jobWonBy(KeyPair winner, int units, boolean deterministic) {
    JobSpecBuilder spec = JobSpecBuilder.batch(units, PRICE, units * PRICE);
    if (!deterministic) {
      spec.nondeterministic();
    }
    return jobWonBy(winner, units, spec);
  }

  /** Posts the job {@code spec} describes and has {@code winner} win all its units. */
  Hash jobWonBy(KeyPair winner, int units, JobSpecBuilder spec) {
    Hash job = chain.txs.nextJobId(buyer);
    runOk(chain.txs.createJob(buyer, spec.build()));
    runOk(chain.txs.placeBid(winner, job, PRICE, GPU, 1, units));
    advanceTo(job(job).biddingClosesAt());
    return job;
  }

  void report(KeyPair provider, Hash job, int unit, Hash output) {
    runOk(chain.txs.unitResult(provider, JobIds.leaseId(job, provider.address()), unit, output));
  }

  TxResult answer(KeyPair auditor, Hash job, int unit, Hash output) {
    return run(chain.txs.auditResult(auditor, job, unit, output));
  }

  /** The unit's assignment awaiting a result. */
  AuditRecord openAudit(Hash job, int unit) {
    List<AuditRecord> records = Audits.ofUnit(chain.state, job, unit);
    assertThat(records).as("audits of unit %d", unit).isNotEmpty();
    AuditRecord latest = records.get(records.size() - 1);
    assertThat(latest.status()).isEqualTo(AuditStatus.OPEN);
    return latest;
  }

  KeyPair key(Address address) {
    for (KeyPair k : providers) {
      if (k.address().equals(address)) {
        return k;
      }
    }
    throw new IllegalArgumentException(address + " is not a harness provider");
  }

  Job job(Hash id) {
    return Market.job(chain.state, id).orElseThrow();
  }

  Lease lease(Hash job, KeyPair provider) {
    return Market.lease(chain.state, JobIds.leaseId(job, provider.address())).orElseThrow();
  }

  UnitState unit(Hash job, int unit) {
    return Market.unit(chain.state, job, unit).orElseThrow();
  }

  long balance(KeyPair key) {
    return chain.balance(key);
  }

  long stake(KeyPair key) {
    return chain.provider(key).orElseThrow().stake();
  }

  ProviderStats stats(KeyPair key) {
    return Reputation.stats(chain.state, key.address());
  }

  /** The recorded events of one kind, in the order they happened. */
  <T extends LedgerEvent> List<T> events(Class<T> kind) {
    return events.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  /** The provider's share of a unit's price once the network and verification fees are taken. */
  long providerShare(long price) {
    return price
        - price * params.market().networkFeeBps() / 10_000
        - price * params.audit().verificationFeeBps() / 10_000;
  }
}
