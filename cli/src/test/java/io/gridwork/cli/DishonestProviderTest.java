package io.gridwork.cli;

import static io.gridwork.cli.FaultNetwork.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gridwork.api.AuditInfo;
import io.gridwork.api.LeaseInfo;
import io.gridwork.api.ProviderInfo;
import io.gridwork.api.UnitInfo;
import io.gridwork.chain.genesis.AuditParams;
import io.gridwork.cli.FaultNetwork.AgentProcess;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.event.AuditAssigned;
import io.gridwork.protocol.event.AuditDisputed;
import io.gridwork.protocol.event.Slashed;
import io.gridwork.protocol.event.UnitCompleted;
import io.gridwork.protocol.event.UnitRequeued;
import io.gridwork.protocol.market.AuditStatus;
import io.gridwork.protocol.market.CloseReason;
import io.gridwork.protocol.market.JobStatus;
import io.gridwork.protocol.spec.SlaTier;
import io.gridwork.testkit.TestKeys;
import io.gridwork.testkit.TxFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider agent process that forges the output of every third unit (1, 4, ...) wins a job: the
 * audits of two honest agent processes catch its first forgery, the ledger slashes its stake (half
 * to the buyer), takes back every unit it had not been paid for and re-runs them on the honest
 * providers, and the buyer ends with the correct output of every unit, paying only for those.
 */
@Tag("faults")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DishonestProviderTest {
  private static final KeyPair BUYER = TestKeys.key("faults-cheat-buyer");
  private static final KeyPair LIAR = TestKeys.key("faults-cheat-liar");
  private static final KeyPair HONEST_ONE = TestKeys.key("faults-cheat-honest-1");
  private static final KeyPair HONEST_TWO = TestKeys.key("faults-cheat-honest-2");
  private static final Map<String, String> POOL = Map.of("pool", "cheat");
  private static final int UNITS = 6;

  /**
   * The last unit takes a few seconds, so the liar usually still holds its lease when it is caught
   * and the ledger closes the lease for the slash.
   */
  private static final String UNIT =
      "if [ $UNIT = 5 ]; then sleep 3; fi; echo \"shard $UNIT\" > out-$UNIT.txt";

  @TempDir Path dir;

  @Test
  void aForgingProviderIsSlashedAndItsUnitsAreRerunByHonestOnes() throws Exception {
    assumeTrue(FaultNetwork.missing("bwrap").isEmpty(), "bwrap is not installed");
    // Every unit is audited (start and floor 100%), so the first forgery is caught; an auditor
    // has 60 blocks (6 s); a unit is final 5 blocks after its report or when its audit ends.
    AuditParams audit =
        new AuditParams(5, 1_000_000, 1_000_000, 30, 60, 3, 500, 1_000, 5_000, 100_000);
    try (FaultNetwork net =
        new FaultNetwork(
            dir,
            "faults-cheat",
            List.of(BUYER, LIAR, HONEST_ONE, HONEST_TWO),
            p -> p.withAudit(audit))) {
      // The cheap liar bids for the whole job; the honest agents take three units each.
      AgentProcess liar =
          net.startPolicyAgent("liar", LIAR, net.settings(POOL, "0.20GRID", UNITS), "forge:3:1");
      AgentProcess one =
          net.startHonestAgent("honest-1", HONEST_ONE, net.settings(POOL, "0.40GRID", 3));
      AgentProcess two =
          net.startHonestAgent("honest-2", HONEST_TWO, net.settings(POOL, "0.45GRID", 3));
      net.awaitRunning(liar, one, two);
      long buyerBefore = net.balance(BUYER.address());
      long liarStakeBefore = net.client.provider(LIAR.address()).orElseThrow().stake();
      long oneStakeBefore = net.client.provider(HONEST_ONE.address()).orElseThrow().stake();
      long twoStakeBefore = net.client.provider(HONEST_TWO.address()).orElseThrow().stake();

      TxFactory txs = net.txs;
      Hash jobId = txs.nextJobId(BUYER);
      net.commit(txs.createJob(BUYER, FaultNetwork.job(POOL, UNITS, UNIT, SlaTier.BEST_EFFORT)));

      await()
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> net.client.job(jobId).orElseThrow().status() == JobStatus.DONE);
      net.awaitEventsCaughtUp();

      // The first auction gave the liar the whole job.
      LeaseInfo forged = leaseOf(net, jobId, LIAR.address());
      assertThat(forged.unitsAssigned()).isEqualTo(UNITS);
      // Closed for the slash, or already closed if it had reported its last unit before.
      assertThat(forged.closeReason()).isIn(CloseReason.SLASHED, CloseReason.ALL_UNITS_DONE);

      // Caught: an honest auditor disagreed with a forged unit, the tie-breaker agreed with it.
      List<Slashed> slashed = net.events(Slashed.class, jobId);
      assertThat(slashed)
          .isNotEmpty()
          .allSatisfy(s -> assertThat(s.provider()).isEqualTo(LIAR.address()));
      int caughtUnit = slashed.getFirst().unit();
      assertThat(caughtUnit % 3).isEqualTo(1);
      assertThat(net.events(AuditDisputed.class, jobId))
          .anySatisfy(d -> assertThat(d.unit()).isEqualTo(caughtUnit));
      assertThat(net.events(AuditAssigned.class, jobId))
          .filteredOn(a -> a.unit() == caughtUnit)
          .extracting(AuditAssigned::round)
          .contains(1, 2);
      assertThat(net.client.audits(jobId))
          .filteredOn(a -> a.leaseId().equals(forged.id()) && a.unit() == caughtUnit)
          .extracting(AuditInfo::round, AuditInfo::status)
          .containsExactlyInAnyOrder(tuple(1, AuditStatus.PAID), tuple(2, AuditStatus.PAID));
      long slashedAmount = sum(slashed, Slashed::amount);
      long toBuyer = sum(slashed, Slashed::toBuyer);
      assertThat(toBuyer + sum(slashed, Slashed::burned)).isEqualTo(slashedAmount);
      assertThat(toBuyer).isEqualTo(slashedAmount / 2);
      ProviderInfo liarAfter = net.client.provider(LIAR.address()).orElseThrow();
      assertThat(liarAfter.stake()).isEqualTo(liarStakeBefore - slashedAmount);
      assertThat(liarAfter.reputation().slashes()).isEqualTo(slashed.size());
      assertThat(liarAfter.reputation().auditsFailed()).isEqualTo(slashed.size());

      // Honest providers lost nothing.
      assertThat(net.client.provider(HONEST_ONE.address()).orElseThrow().stake())
          .isEqualTo(oneStakeBefore);
      assertThat(net.client.provider(HONEST_TWO.address()).orElseThrow().stake())
          .isEqualTo(twoStakeBefore);

      // Every unit the liar had not been paid for went back to auction, the forged ones first
      // among them, and was run again by an honest provider.
      List<UnitInfo> units = net.client.units(jobId);
      List<Integer> requeued =
          net.events(UnitRequeued.class, jobId).stream().map(UnitRequeued::unit).toList();
      assertThat(requeued).contains(1, 4);
      assertThat(net.events(UnitRequeued.class, jobId))
          .allSatisfy(e -> assertThat(e.reason()).isEqualTo(CloseReason.SLASHED));
      for (UnitInfo unit : units) {
        assertThat(unit.status()).isEqualTo(UnitInfo.Status.FINAL);
        if (requeued.contains(unit.unit())) {
          assertThat(unit.provider()).isIn(HONEST_ONE.address(), HONEST_TWO.address());
        } else {
          assertThat(unit.provider()).isEqualTo(LIAR.address());
        }
        assertThat(
                new String(net.download(BUYER, jobId, unit.outputHash()), StandardCharsets.UTF_8))
            .as("output of unit %d", unit.unit())
            .isEqualTo("shard " + unit.unit() + "\n");
      }

      // Each unit was paid once, at the price of the lease whose correct output was kept; the
      // liar only for units that were final before it was caught.
      List<UnitCompleted> completed = net.events(UnitCompleted.class, jobId);
      assertThat(completed)
          .extracting(UnitCompleted::unit)
          .containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
      long charged = 0;
      for (UnitInfo unit : units) {
        charged += leaseOf(net, jobId, unit.provider()).price();
      }
      assertThat(sum(completed, UnitCompleted::amount)).isEqualTo(charged);
      assertThat(forged.paid()).isEqualTo((UNITS - requeued.size()) * forged.price());

      // The buyer paid the job's fee and the kept units, got the rest of the deposit back and
      // received its share of the slash.
      assertThat(net.balance(BUYER.address()))
          .isEqualTo(buyerBefore - TxFactory.DEFAULT_FEE - charged + toBuyer);
      assertThat(net.client.job(jobId).orElseThrow().escrow()).isZero();
    }
  }

  private static <T> long sum(List<T> events, ToLongFunction<T> amount) {
    return events.stream().mapToLong(amount).sum();
  }

  private static LeaseInfo leaseOf(FaultNetwork net, Hash jobId, Address provider) {
    return net.client.leases(jobId).stream()
        .filter(l -> l.provider().equals(provider))
        .findFirst()
        .orElseThrow();
  }
}
