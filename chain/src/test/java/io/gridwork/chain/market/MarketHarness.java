package io.gridwork.chain.market;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.TestChain;
import io.gridwork.chain.exec.BlockOutcome;
import io.gridwork.chain.exec.Supply;
import io.gridwork.chain.exec.TxResult;
import io.gridwork.chain.genesis.MarketParams;
import io.gridwork.chain.genesis.Params;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.event.LedgerEvent;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.tx.GpuInventory;
import io.gridwork.protocol.tx.JobIds;
import io.gridwork.protocol.tx.RegisterProvider;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.testkit.TestKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A chain with a funded buyer and three funded providers, and the steps market tests repeat:
 * registering, posting a job, bidding, closing the auction. Every block it runs is checked for
 * conservation of the supply.
 */
final class MarketHarness {
  static final long GRID = TestChain.GRID;
  static final long FEE = TestChain.FEE;
  static final String GPU = "RTX 4090";
  static final long START = 1_000 * GRID;
  static final long STAKE = 100 * GRID;

  final KeyPair buyer = TestKeys.key("buyer");
  final KeyPair p1 = TestKeys.key("provider-1");
  final KeyPair p2 = TestKeys.key("provider-2");
  final KeyPair p3 = TestKeys.key("provider-3");
  final KeyPair stranger = TestKeys.key("stranger");
  final TestChain chain;
  final MarketParams market;
  final List<LedgerEvent> blockEvents = new ArrayList<>();

  MarketHarness() {
    this(MarketParams.defaults());
  }

  MarketHarness(MarketParams market) {
    this.market = market;
    Params params = TestChain.PARAMS.withMarket(market);
    chain = new TestChain(TestChain.genesis(params, START, buyer, p1, p2, p3, stranger));
  }

  /** Runs one block, checks the supply and remembers its end-of-block events. */
  BlockOutcome block(SignedTransaction... txs) {
    BlockOutcome outcome = chain.block(List.of(txs));
    assertThat(Supply.audit(chain.state).conserved()).as("supply after a block").isTrue();
    blockEvents.addAll(outcome.blockEvents());
    return outcome;
  }

  TxResult run(SignedTransaction tx) {
    return block(tx).results().get(0);
  }

  void advanceTo(long height) {
    while (chain.height() < height) {
      block();
    }
  }

  /**
   * Runs blocks until {@code height}, with {@code holder} heartbeating its lease every heartbeat
   * interval as a healthy agent does.
   */
  void advanceBeating(long height, KeyPair holder, Hash lease) {
    long interval = chain.params().liveness().heartbeatIntervalBlocks();
    while (chain.height() < height) {
      if ((chain.height() + 1) % interval == 0) {
        block(chain.txs.heartbeat(holder, lease));
      } else {
        block();
      }
    }
  }

  void register(KeyPair key, int gpus) {
    register(key, new GpuInventory(GPU, 24_576, gpus), "eu-west", "standard", Map.of());
  }

  void register(
      KeyPair key, GpuInventory gpus, String region, String tier, Map<String, String> attributes) {
    TxResult result =
        run(
            chain.txs.sign(
                key,
                new RegisterProvider(
                    List.of(gpus), region, tier, new TreeMap<>(attributes), STAKE)));
    assertThat(result.code()).isEqualTo("OK");
  }

  /** Registers the three providers with {@code gpus} RTX 4090s each. */
  void registerAll(int gpus) {
    register(p1, gpus);
    register(p2, gpus);
    register(p3, gpus);
  }

  Hash createJob(JobSpec spec) {
    Hash id = chain.txs.nextJobId(buyer);
    TxResult result = run(chain.txs.createJob(buyer, spec));
    assertThat(result.code()).as(result.message()).isEqualTo("OK");
    return id;
  }

  TxResult bid(KeyPair key, Hash job, long price, int maxUnits) {
    return run(chain.txs.placeBid(key, job, price, GPU, 1, maxUnits));
  }

  void bidOk(KeyPair key, Hash job, long price, int maxUnits) {
    TxResult result = bid(key, job, price, maxUnits);
    assertThat(result.code()).as(result.message()).isEqualTo("OK");
  }

  /** Runs empty blocks through the block whose end runs the job's auction. */
  void closeAuction(Hash job) {
    advanceTo(job(job).biddingClosesAt());
  }

  Job job(Hash id) {
    return Market.job(chain.state, id).orElseThrow();
  }

  Lease lease(Hash job, KeyPair provider) {
    return Market.lease(chain.state, JobIds.leaseId(job, provider.address())).orElseThrow();
  }

  Hash leaseId(Hash job, KeyPair provider) {
    return JobIds.leaseId(job, provider.address());
  }

  long balance(KeyPair key) {
    return chain.balance(key);
  }

  /** The recorded events of one kind, in the order they happened. */
  <T extends LedgerEvent> List<T> blockEvents(Class<T> kind) {
    return blockEvents.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  static Hash output(int unit) {
    return Hash.sha256(new byte[] {(byte) unit});
  }
}
