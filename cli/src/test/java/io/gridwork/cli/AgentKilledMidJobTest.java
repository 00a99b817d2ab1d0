package io.gridwork.cli;

import static io.gridwork.cli.FaultNetwork.GRID;
import static io.gridwork.cli.FaultNetwork.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gridwork.api.LeaseInfo;
import io.gridwork.api.UnitInfo;
import io.gridwork.chain.genesis.AuditParams;
import io.gridwork.chain.genesis.LivenessParams;
import io.gridwork.cli.FaultNetwork.AgentProcess;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.event.BiddingReopened;
import io.gridwork.protocol.event.LeaseClosed;
import io.gridwork.protocol.event.SlaCompensated;
import io.gridwork.protocol.event.UnitCompleted;
import io.gridwork.protocol.event.UnitReported;
import io.gridwork.protocol.event.UnitRequeued;
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
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider agent process killed with SIGKILL halfway through its share of a standard-tier job:
 * the ledger times its lease out, re-auctions the unit it never reported to a standby agent, pays
 * the buyer the SLA compensation from the killed provider's stake and charges the buyer only for
 * the units that were delivered.
 */
@Tag("faults")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class AgentKilledMidJobTest {
  private static final KeyPair BUYER = TestKeys.key("faults-kill-buyer");
  private static final KeyPair FIRST = TestKeys.key("faults-kill-first");
  private static final KeyPair SECOND = TestKeys.key("faults-kill-second");
  private static final KeyPair STANDBY = TestKeys.key("faults-kill-standby");
  private static final Map<String, String> POOL = Map.of("pool", "kill");
  private static final int UNITS = 4;

  /** Each unit takes two seconds, long enough to kill its agent while it runs. */
  private static final String UNIT = "sleep 2; echo \"frame $UNIT\" > out-$UNIT.txt";

  @TempDir Path dir;

  @Test
  void aKilledAgentsUnitIsRerunElsewhereAndItsSlaCompensatesTheBuyer() throws Exception {
    assumeTrue(FaultNetwork.missing("bwrap").isEmpty(), "bwrap is not installed");
    // Heartbeats every 2 blocks; suspended after 1 s of silence, closed after 4 s. A lease here
    // lives a few dozen blocks, where one heartbeat landing a block late is several percent of
    // uptime, so the standard tier promises 50%: only the silence of the killed agent breaks it.
    // No audits: this scenario is about liveness, and a unit is final 3 blocks after its report.
    LivenessParams liveness = new LivenessParams(2, 10, 40, 5_000, 5 * GRID, 9_900, 20 * GRID);
    AuditParams audit = new AuditParams(3, 0, 0, 30, 20, 3, 500, 1_000, 5_000, 100_000);
    try (FaultNetwork net =
        new FaultNetwork(
            dir,
            "faults-kill",
            List.of(BUYER, FIRST, SECOND, STANDBY),
            p -> p.withLiveness(liveness).withAudit(audit))) {
      // Each agent takes at most two units, run one after the other, so two agents split the job
      // and the third is left to take over the killed agent's unit (a provider holds one lease
      // per job at most). The dearer standby usually loses the first auction.
      AgentProcess first = net.startHonestAgent("first", FIRST, net.settings(POOL, "0.30GRID", 2));
      AgentProcess second =
          net.startHonestAgent("second", SECOND, net.settings(POOL, "0.30GRID", 2));
      AgentProcess standby =
          net.startHonestAgent("standby", STANDBY, net.settings(POOL, "0.60GRID", 2));
      net.awaitRunning(first, second, standby);
      long buyerBefore = net.balance(BUYER.address());

      TxFactory txs = net.txs;
      Hash jobId = txs.nextJobId(BUYER);
      net.commit(txs.createJob(BUYER, FaultNetwork.job(POOL, UNITS, UNIT, SlaTier.STANDARD)));

      UnitReported firstReport =
          await()
              .atMost(TIMEOUT)
              .pollInterval(Duration.ofMillis(50))
              .until(() -> net.events(UnitReported.class, jobId), r -> !r.isEmpty())
              .getFirst();
      // The first agent to report a unit is still running its second one: kill it now.
      AgentProcess victim =
          Stream.of(first, second, standby)
              .filter(a -> a.address().equals(firstReport.provider()))
              .findFirst()
              .orElseThrow();
      victim.kill9();
      Address killed = victim.address();
      long killedStakeBefore = net.client.provider(killed).orElseThrow().stake();

      await()
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> net.client.job(jobId).orElseThrow().status() == JobStatus.DONE);
      net.awaitEventsCaughtUp();

      LeaseInfo killedLease = leaseOf(net, jobId, killed);
      assertThat(killedLease.closeReason()).isEqualTo(CloseReason.HEARTBEAT_TIMEOUT);
      assertThat(killedLease.unitsDone()).isEqualTo(1);
      assertThat(net.events(LeaseClosed.class, jobId))
          .filteredOn(e -> !e.provider().equals(killed))
          .extracting(LeaseClosed::reason)
          .containsOnly(CloseReason.ALL_UNITS_DONE);
      // The unit it never reported went back to auction once the lease timed out.
      List<UnitRequeued> requeued = net.events(UnitRequeued.class, jobId);
      assertThat(requeued).hasSize(1);
      assertThat(requeued.getFirst().reason()).isEqualTo(CloseReason.HEARTBEAT_TIMEOUT);
      assertThat(net.events(BiddingReopened.class, jobId))
          .extracting(BiddingReopened::units)
          .contains(1);

      List<UnitInfo> units = net.client.units(jobId);
      assertThat(units).hasSize(UNITS).allMatch(u -> u.status() == UnitInfo.Status.FINAL);
      assertThat(net.client.leases(jobId)).hasSize(3);
      assertThat(
              units.stream()
                  .collect(Collectors.groupingBy(UnitInfo::provider, Collectors.counting())))
          .containsEntry(killed, 1L)
          .hasSize(3);
      UnitInfo rerun = units.get(requeued.getFirst().unit());
      assertThat(rerun.provider()).isNotEqualTo(killed);
      for (UnitInfo unit : units) {
        assertThat(
                new String(net.download(BUYER, jobId, unit.outputHash()), StandardCharsets.UTF_8))
            .as("output of unit %d", unit.unit())
            .isEqualTo("frame " + unit.unit() + "\n");
      }

      // Every unit is paid once, at the price of the lease that delivered it; the killed
      // provider is paid for the one unit it reported.
      List<UnitCompleted> completed = net.events(UnitCompleted.class, jobId);
      assertThat(completed).extracting(UnitCompleted::unit).containsExactlyInAnyOrder(0, 1, 2, 3);
      long charged = 0;
      for (UnitInfo unit : units) {
        charged += leaseOf(net, jobId, unit.provider()).price();
      }
      assertThat(completed.stream().mapToLong(UnitCompleted::amount).sum()).isEqualTo(charged);
      assertThat(killedLease.paid()).isEqualTo(killedLease.price());

      long compensation = 5 * GRID;
      List<SlaCompensated> sla = net.events(SlaCompensated.class, jobId);
      assertThat(sla).as("leases %s", net.client.leases(jobId)).hasSize(1);
      assertThat(sla.getFirst())
          .returns(killedLease.id(), SlaCompensated::leaseId)
          .returns(killed, SlaCompensated::provider)
          .returns(BUYER.address(), SlaCompensated::buyer)
          .returns(SlaTier.STANDARD, SlaCompensated::tier)
          .returns(compensation, SlaCompensated::amount);
      assertThat(net.client.provider(killed).orElseThrow().stake())
          .isEqualTo(killedStakeBefore - compensation);
      assertThat(net.client.provider(killed).orElseThrow().reputation().unitsAbandoned())
          .isEqualTo(1);

      // The buyer paid the job's fee and the delivered units, got the rest of the deposit back
      // and received the compensation.
      assertThat(net.balance(BUYER.address()))
          .isEqualTo(buyerBefore - TxFactory.DEFAULT_FEE - charged + compensation);
      assertThat(net.client.job(jobId).orElseThrow().escrow()).isZero();
    }
  }

  private static LeaseInfo leaseOf(FaultNetwork net, Hash jobId, Address provider) {
    return net.client.leases(jobId).stream()
        .filter(l -> l.provider().equals(provider))
        .findFirst()
        .orElseThrow();
  }
}
