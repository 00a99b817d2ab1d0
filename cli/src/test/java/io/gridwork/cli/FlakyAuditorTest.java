package io.gridwork.cli;

import static io.gridwork.cli.FaultNetwork.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gridwork.api.LeaseInfo;
import io.gridwork.api.ProviderInfo;
import io.gridwork.api.UnitInfo;
import io.gridwork.chain.genesis.AuditParams;
import io.gridwork.cli.FaultNetwork.AgentProcess;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.event.AuditAssigned;
import io.gridwork.protocol.event.AuditDisputed;
import io.gridwork.protocol.event.AuditInconclusive;
import io.gridwork.protocol.event.AuditPassed;
import io.gridwork.protocol.event.AuditTimedOut;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two honest providers whose every unit is audited by a flaky auditor process that leaves the
 * audits of even units unanswered: the ledger times those audits out, which is no verdict, so
 * neither honest provider is slashed or loses stake, every unit is paid, and only the auditor's
 * reputation pays for its silence.
 *
 * <p>Placement makes the auditor the only one eligible: the first job needs {@code zone=a}, the
 * second {@code rack=b}; each worker has one of the two attributes and the auditor has both. The
 * auditor asks more than the jobs pay, so it never bids and never holds a lease.
 */
@Tag("faults")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FlakyAuditorTest {
  private static final KeyPair BUYER = TestKeys.key("faults-flaky-buyer");
  private static final KeyPair WEST = TestKeys.key("faults-flaky-west");
  private static final KeyPair EAST = TestKeys.key("faults-flaky-east");
  private static final KeyPair FLAKY = TestKeys.key("faults-flaky-auditor");
  private static final Map<String, String> ZONE_A = Map.of("zone", "a");
  private static final Map<String, String> RACK_B = Map.of("rack", "b");
  private static final int UNITS = 4;
  private static final String UNIT = "echo \"tile $UNIT\" > out-$UNIT.txt";

  @TempDir Path dir;

  @Test
  void honestProvidersAreNeverSlashedWhenTheirAuditorStaysSilent() throws Exception {
    assumeTrue(FaultNetwork.missing("bwrap").isEmpty(), "bwrap is not installed");
    // Every unit is audited (start and floor 100%); an auditor has 30 blocks (3 s) and is not
    // replaced, since nobody else may audit; a unit is final 5 blocks after its report.
    AuditParams audit =
        new AuditParams(5, 1_000_000, 1_000_000, 30, 30, 3, 500, 1_000, 5_000, 100_000);
    try (FaultNetwork net =
        new FaultNetwork(
            dir, "faults-flaky", List.of(BUYER, WEST, EAST, FLAKY), p -> p.withAudit(audit))) {
      AgentProcess west =
          net.startHonestAgent("west", WEST, net.settings(ZONE_A, "0.30GRID", UNITS));
      AgentProcess east =
          net.startHonestAgent("east", EAST, net.settings(RACK_B, "0.30GRID", UNITS));
      // Four cards, so the audits of both jobs never wait for one another.
      Map<String, Object> flakySettings =
          FaultNetwork.with(
              FaultNetwork.with(
                  net.settings(Map.of("zone", "a", "rack", "b"), "100GRID", UNITS),
                  "simulateGpus",
                  "rtx4090:4"),
              "maxConcurrentUnits",
              4);
      AgentProcess flaky =
          net.startPolicyAgent("flaky", FLAKY, flakySettings, "withhold-audits:2:0");
      net.awaitRunning(west, east, flaky);
      long buyerBefore = net.balance(BUYER.address());
      List<KeyPair> providers = List.of(WEST, EAST, FLAKY);
      List<Long> stakesBefore = new ArrayList<>();
      providers.forEach(
          k -> stakesBefore.add(net.client.provider(k.address()).orElseThrow().stake()));

      TxFactory txs = net.txs;
      Hash westJob = txs.nextJobId(BUYER);
      net.commit(txs.createJob(BUYER, FaultNetwork.job(ZONE_A, UNITS, UNIT, SlaTier.BEST_EFFORT)));
      Hash eastJob = txs.nextJobId(BUYER);
      net.commit(txs.createJob(BUYER, FaultNetwork.job(RACK_B, UNITS, UNIT, SlaTier.BEST_EFFORT)));

      await()
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  net.client.job(westJob).orElseThrow().status() == JobStatus.DONE
                      && net.client.job(eastJob).orElseThrow().status() == JobStatus.DONE);
      net.awaitEventsCaughtUp();

      assertThat(net.events(Slashed.class)).isEmpty();
      for (int i = 0; i < providers.size(); i++) {
        ProviderInfo provider = net.client.provider(providers.get(i).address()).orElseThrow();
        assertThat(provider.stake())
            .as("stake of %s", provider.address())
            .isEqualTo(stakesBefore.get(i));
        assertThat(provider.reputation().slashes()).isZero();
        assertThat(provider.reputation().auditsFailed()).isZero();
      }
      long charged = 0;
      for (Hash jobId : List.of(westJob, eastJob)) {
        KeyPair worker = jobId.equals(westJob) ? WEST : EAST;
        assertThat(net.events(AuditAssigned.class, jobId))
            .hasSize(UNITS)
            .allSatisfy(
                a ->
                    assertThat(a)
                        .returns(FLAKY.address(), AuditAssigned::auditor)
                        .returns(worker.address(), AuditAssigned::provider)
                        .returns(1, AuditAssigned::round));
        // The silent audits ended as timeouts, never as verdicts; the answered ones passed.
        assertThat(net.events(AuditTimedOut.class, jobId))
            .extracting(AuditTimedOut::unit)
            .containsExactlyInAnyOrder(0, 2);
        assertThat(net.events(AuditTimedOut.class, jobId))
            .allSatisfy(e -> assertThat(e.auditor()).isEqualTo(FLAKY.address()));
        assertThat(net.events(AuditPassed.class, jobId))
            .extracting(AuditPassed::unit)
            .containsExactlyInAnyOrder(1, 3);
        assertThat(net.events(AuditDisputed.class, jobId)).isEmpty();
        assertThat(net.events(AuditInconclusive.class, jobId)).isEmpty();
        assertThat(net.events(UnitRequeued.class, jobId)).isEmpty();

        LeaseInfo lease = net.client.leases(jobId).getFirst();
        assertThat(net.client.leases(jobId)).hasSize(1);
        assertThat(lease.provider()).isEqualTo(worker.address());
        assertThat(lease.closeReason()).isEqualTo(CloseReason.ALL_UNITS_DONE);
        assertThat(lease.paid()).isEqualTo(UNITS * lease.price());
        assertThat(net.events(UnitCompleted.class, jobId))
            .extracting(UnitCompleted::unit)
            .containsExactlyInAnyOrder(0, 1, 2, 3);
        charged += lease.paid();
        for (UnitInfo unit : net.client.units(jobId)) {
          assertThat(unit.status()).isEqualTo(UnitInfo.Status.FINAL);
          assertThat(unit.audits())
              .singleElement()
              .satisfies(
                  a -> {
                    assertThat(a.auditor()).isEqualTo(FLAKY.address());
                    assertThat(a.status())
                        .isEqualTo(unit.unit() % 2 == 0 ? AuditStatus.TIMED_OUT : AuditStatus.PAID);
                  });
          assertThat(
                  new String(net.download(BUYER, jobId, unit.outputHash()), StandardCharsets.UTF_8))
              .isEqualTo("tile " + unit.unit() + "\n");
        }
      }
      ProviderInfo auditor = net.client.provider(FLAKY.address()).orElseThrow();
      assertThat(auditor.reputation().auditsAbandoned()).isEqualTo(4);
      for (KeyPair worker : List.of(WEST, EAST)) {
        ProviderInfo provider = net.client.provider(worker.address()).orElseThrow();
        assertThat(provider.reputation().auditsPassed()).isEqualTo(2);
        assertThat(provider.reputation().unitsCompleted()).isEqualTo(UNITS);
      }
      assertThat(net.balance(BUYER.address()))
          .isEqualTo(buyerBefore - 2 * TxFactory.DEFAULT_FEE - charged);
    }
  }
}
