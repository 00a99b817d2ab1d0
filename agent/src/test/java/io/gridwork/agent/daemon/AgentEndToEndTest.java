package io.gridwork.agent.daemon;

import static io.gridwork.agent.daemon.TestNetwork.BUYER;
import static io.gridwork.agent.daemon.TestNetwork.PROVIDERS;
import static io.gridwork.agent.daemon.TestNetwork.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gridwork.api.BlockInfo;
import io.gridwork.api.LeaseInfo;
import io.gridwork.api.TxStatus;
import io.gridwork.api.UnitInfo;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.market.JobStatus;
import io.gridwork.protocol.spec.JobSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Provider agents against a real node on loopback, running units in the real bubblewrap sandbox:
 * bids, auctions, leases, uploads and unit results all cross the real HTTP API.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AgentEndToEndTest {
  @RegisterExtension static final TestNetwork net = TestNetwork.sandboxed();

  @Test
  void batchJobRunsOnTwoAgentsAndTheBuyerDownloadsEveryOutput() throws IOException {
    KeyPair p1 = PROVIDERS.get(0);
    KeyPair p2 = PROVIDERS.get(1);
    Map<String, Object> settings = net.settings("e2e");
    net.startAgent(net.dir("p1"), p1, TestNetwork.with(settings, "defaultPrice", "0.30GRID"));
    net.startAgent(net.dir("p2"), p2, TestNetwork.with(settings, "defaultPrice", "0.40GRID"));

    Hash jobId = net.postJob(TestNetwork.job("e2e", 4, "echo unit-$UNIT > out-$UNIT.txt"));
    net.awaitStatus(jobId, JobStatus.DONE);

    List<UnitInfo> units = net.client.units(jobId);
    assertThat(units).hasSize(4).allMatch(u -> u.state() == UnitInfo.State.DONE);
    for (UnitInfo unit : units) {
      assertThat(net.download(jobId, unit.outputHash())).isEqualTo("unit-" + unit.unit() + "\n");
    }
    assertThat(units.stream().map(UnitInfo::provider).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(p1.address(), p2.address());
    assertThat(net.client.leases(jobId)).allSatisfy(lease -> assertThat(lease.paid()).isPositive());
  }

  @Test
  void restartedAgentFinishesItsLeaseWithoutReportingAUnitTwice() {
    KeyPair provider = PROVIDERS.get(2);
    Path home = net.dir("restart");
    Map<String, Object> settings = TestNetwork.with(net.settings("restart"), "unitsPerGpu", 3);
    Agent first = net.startAgent(home, provider, settings);
    long startHeight = net.client.status().height();

    Hash jobId =
        net.postJob(TestNetwork.job("restart", 3, "sleep 1; echo unit-$UNIT > out-$UNIT.txt"));
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                net.client.units(jobId).stream()
                        .filter(u -> u.state() == UnitInfo.State.DONE)
                        .count()
                    >= 1);
    first.close();
    net.startAgent(home, provider, settings);
    net.awaitStatus(jobId, JobStatus.DONE);

    assertThat(net.client.units(jobId))
        .hasSize(3)
        .allMatch(u -> u.state() == UnitInfo.State.DONE && provider.address().equals(u.provider()));
    assertThat(refusedUnitResults(provider.address(), startHeight)).isEmpty();
  }

  /** Unit results from {@code sender} that the ledger refused, e.g. as already reported. */
  private static List<TxStatus> refusedUnitResults(Address sender, long fromHeight) {
    long head = net.client.status().height();
    List<TxStatus> refused = new ArrayList<>();
    for (long h = fromHeight; h <= head; h++) {
      BlockInfo block = net.client.block(h).orElseThrow();
      for (BlockInfo.Tx tx : block.txs()) {
        if (!"OK".equals(tx.code())) {
          TxStatus status = net.client.tx(tx.hash());
          if (status.tx().sender().equals(sender) && status.tx().kind().equals("unit-result")) {
            refused.add(status);
          }
        }
      }
    }
    return refused;
  }

  @Test
  void unitFailingTwiceGivesTheLeaseBackAndAnotherAgentFinishesTheJob() {
    KeyPair flaky = PROVIDERS.get(3);
    KeyPair steady = PROVIDERS.get(4);
    Map<String, Object> settings = net.settings("failover");
    // The cheaper agent caps units at one second, so the two-second units always time out there.
    Agent first =
        net.startAgent(
            net.dir("flaky"),
            flaky,
            TestNetwork.with(
                TestNetwork.with(settings, "defaultPrice", "0.30GRID"), "maxUnitSeconds", 1));
    net.startAgent(
        net.dir("steady"), steady, TestNetwork.with(settings, "defaultPrice", "0.40GRID"));

    Hash jobId =
        net.postJob(TestNetwork.job("failover", 2, "sleep 2; echo unit-$UNIT > out-$UNIT.txt"));
    net.awaitStatus(jobId, JobStatus.DONE);

    assertThat(net.client.units(jobId))
        .allMatch(u -> u.state() == UnitInfo.State.DONE && steady.address().equals(u.provider()));
    LeaseInfo given =
        net.client.leases(jobId).stream()
            .filter(l -> l.provider().equals(flaky.address()))
            .findFirst()
            .orElseThrow();
    assertThat(given.active()).isFalse();
    assertThat(given.unitsDone()).isZero();
    assertThat(first.snapshot().leasesGivenUp()).isEqualTo(1);
  }

  @Test
  void heartbeatsReachTheLedgerWhileAUnitRuns() {
    net.startAgent(net.dir("heartbeat"), PROVIDERS.get(6), net.settings("heartbeat"));
    Hash jobId =
        net.postJob(TestNetwork.job("heartbeat", 1, "sleep 20; echo done > out-$UNIT.txt"));
    LeaseInfo lease = net.awaitLease(jobId);

    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                net.client.lease(lease.id()).orElseThrow().lastHeartbeatHeight()
                    > lease.openedHeight());
  }

  @Test
  void closingTheJobStopsItsRunningUnitsWithoutAResult() {
    Agent agent = net.startAgent(net.dir("cancel"), PROVIDERS.get(7), net.settings("cancel"));
    Hash jobId = net.postJob(TestNetwork.job("cancel", 1, "sleep 60; echo late > out-$UNIT.txt"));
    LeaseInfo lease = net.awaitLease(jobId);
    await().atMost(TIMEOUT).until(() -> agent.runningLeases().contains(lease.id()));

    net.commit(net.txs.closeJob(BUYER, jobId));

    await().atMost(Duration.ofSeconds(20)).until(() -> agent.runningLeases().isEmpty());
    assertThat(net.client.units(jobId)).noneMatch(u -> u.state() == UnitInfo.State.DONE);
    assertThat(agent.snapshot().unitsFailed()).isZero();
  }

  @Test
  void secondAgentOnTheSameHomeIsRefused() {
    Path home = net.dir("locked");
    net.startAgent(home, PROVIDERS.get(5), net.settings("locked"));

    assertThatThrownBy(() -> net.startAgent(home, PROVIDERS.get(5), net.settings("locked")))
        .isInstanceOf(AgentStartException.class)
        .hasMessageContaining("another agent is running");
  }

  @Test
  void jobInARegionTheAgentIsNotInGetsNoBidAndTheReasonIsRecorded() {
    Agent agent = net.startAgent(net.dir("filter"), PROVIDERS.get(5), net.settings("filter"));
    JobSpec elsewhere = TestNetwork.jobBuilder("filter", 1, "true").region("mars-1").build();

    Hash jobId = net.postJob(elsewhere);

    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                agent.snapshot().decisions().stream()
                    .anyMatch(
                        d ->
                            d.job().equals(jobId.toHex()) && d.reason().equals("REGION_MISMATCH")));
    assertThat(net.client.bids(jobId)).isEmpty();
    assertThat(Set.copyOf(agent.snapshot().pendingBids().keySet())).doesNotContain(jobId.toHex());
  }
}
