package io.gridwork.agent.daemon;

import static io.gridwork.agent.daemon.TestNetwork.GRID;
import static io.gridwork.agent.daemon.TestNetwork.PROVIDERS;
import static io.gridwork.agent.daemon.TestNetwork.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridwork.agent.state.AgentState;
import io.gridwork.api.AuditInfo;
import io.gridwork.api.BlockInfo;
import io.gridwork.api.LeaseInfo;
import io.gridwork.api.ProviderInfo;
import io.gridwork.api.TxStatus;
import io.gridwork.api.UnitInfo;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.market.AuditStatus;
import io.gridwork.protocol.market.JobStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Agents auditing each other on a real node with real sandboxed units: every unit of a new provider
 * is audited (start rate 100%), the verification pool is seeded, and an auditor has 100 blocks (10
 * s) to answer. Each test has its own pool attribute, so only its own agents can be drawn as
 * auditors.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class AuditTest {
  private static final String UNIT = "echo unit-$UNIT > out-$UNIT.txt";

  @RegisterExtension static final TestNetwork net = TestNetwork.audited();

  private static Map<String, Object> settings(String pool, String price) {
    return TestNetwork.with(net.settings(pool), "defaultPrice", price);
  }

  private static Hash postJob(String pool) {
    return net.postJob(TestNetwork.job(pool, 1, UNIT));
  }

  @Test
  void anotherAgentReExecutesTheUnitAndItsAuditResultIsPaid() {
    KeyPair worker = PROVIDERS.get(0);
    KeyPair auditor = PROVIDERS.get(1);
    net.startAgent(net.dir("worker"), worker, settings("honest", "0.30GRID"));
    Agent auditing = net.startAgent(net.dir("auditor"), auditor, settings("honest", "0.40GRID"));

    Hash jobId = postJob("honest");
    net.awaitStatus(jobId, JobStatus.DONE);

    UnitInfo unit = net.client.units(jobId).getFirst();
    assertThat(unit.provider()).isEqualTo(worker.address());
    assertThat(unit.status()).isEqualTo(UnitInfo.Status.FINAL);
    AuditInfo audit = net.client.audits(jobId).getFirst();
    assertThat(audit.auditor()).isEqualTo(auditor.address());
    assertThat(audit.status()).isEqualTo(AuditStatus.PAID);
    assertThat(audit.output()).isEqualTo(unit.outputHash());
    assertThat(unit.audits()).containsExactly(audit);
    await().atMost(TIMEOUT).until(() -> auditing.snapshot().auditsEarned() == audit.reward());
    assertThat(auditing.snapshot().auditsDone()).isEqualTo(1);
    assertThat(auditing.snapshot().audits()).isEmpty();
  }

  @Test
  void aProviderReportingForgedOutputsIsSlashedAndItsUnitIsRunAgainElsewhere() throws IOException {
    KeyPair liar = PROVIDERS.get(2);
    KeyPair first = PROVIDERS.get(3);
    KeyPair second = PROVIDERS.get(4);
    ResultPolicy forging =
        new ResultPolicy() {
          @Override
          public Hash unitResult(Hash jobId, int unit, Hash computed) {
            return Hash.sha256(("forged " + computed).getBytes(StandardCharsets.UTF_8));
          }

          @Override
          public Optional<Hash> auditResult(Hash jobId, int unit, int round, Hash computed) {
            return Optional.of(computed);
          }
        };
    net.startAgent(net.dir("liar"), liar, settings("cheat", "0.20GRID"), forging);
    net.startAgent(net.dir("first"), first, settings("cheat", "0.40GRID"));
    net.startAgent(net.dir("second"), second, settings("cheat", "0.45GRID"));
    long stakeBefore = net.client.provider(liar.address()).orElseThrow().stake();

    Hash jobId = postJob("cheat");
    net.awaitStatus(jobId, JobStatus.DONE);

    LeaseInfo forged =
        net.client.leases(jobId).stream()
            .filter(l -> l.provider().equals(liar.address()))
            .findFirst()
            .orElseThrow();
    assertThat(forged.paid()).isZero();
    ProviderInfo slashed = net.client.provider(liar.address()).orElseThrow();
    assertThat(slashed.reputation().slashes()).isEqualTo(1);
    assertThat(slashed.stake()).isLessThan(stakeBefore);
    UnitInfo unit = net.client.units(jobId).getFirst();
    assertThat(unit.provider()).isIn(first.address(), second.address());
    assertThat(net.download(jobId, unit.outputHash())).isEqualTo("unit-0\n");
  }

  @Test
  void anAuditorThatNeverAnswersIsReplacedAndTheUnitIsStillVerified() {
    KeyPair worker = PROVIDERS.get(5);
    KeyPair silent = PROVIDERS.get(6);
    KeyPair honest = PROVIDERS.get(7);
    ResultPolicy withholding =
        new ResultPolicy() {
          @Override
          public Hash unitResult(Hash jobId, int unit, Hash computed) {
            return computed;
          }

          @Override
          public Optional<Hash> auditResult(Hash jobId, int unit, int round, Hash computed) {
            return Optional.empty();
          }
        };
    net.startAgent(net.dir("w"), worker, settings("silent", "0.20GRID"));
    Agent mute = net.startAgent(net.dir("s"), silent, settings("silent", "0.40GRID"), withholding);

    Hash jobId = postJob("silent");
    // The honest auditor registers only once the silent one holds the audit, so it is the one
    // the ledger turns to when the silent one times out.
    await().atMost(TIMEOUT).until(() -> !net.client.audits(jobId).isEmpty());
    net.startAgent(net.dir("h"), honest, settings("silent", "0.45GRID"));
    net.awaitStatus(jobId, JobStatus.DONE);

    List<AuditInfo> audits = net.client.audits(jobId);
    assertThat(audits).extracting(AuditInfo::status).contains(AuditStatus.PAID);
    assertThat(audits)
        .filteredOn(a -> a.auditor().equals(silent.address()))
        .extracting(AuditInfo::status)
        .containsExactly(AuditStatus.TIMED_OUT);
    assertThat(mute.snapshot().auditsDone()).isZero();
    assertThat(net.client.provider(worker.address()).orElseThrow().reputation().slashes()).isZero();
    assertThat(net.client.provider(silent.address()).orElseThrow().stake()).isEqualTo(100 * GRID);
  }

  @Test
  void anAuditInterruptedByARestartIsResumedAndAnswered() {
    KeyPair worker = PROVIDERS.get(8);
    KeyPair auditor = PROVIDERS.get(9);
    net.startAgent(net.dir("rw"), worker, settings("resume", "0.20GRID"));
    Path home = net.dir("ra");
    Agent first = net.startAgent(home, auditor, settings("resume", "0.40GRID"));
    Hash jobId = net.postJob(TestNetwork.job("resume", 1, "sleep 3; " + UNIT));
    await().atMost(TIMEOUT).until(() -> !first.snapshot().audits().isEmpty());

    first.close();
    assertThat(AgentState.read(home.resolve("agent")).orElseThrow().audits()).hasSize(1);
    Agent second = net.startAgent(home, auditor, settings("resume", "0.40GRID"));
    net.awaitStatus(jobId, JobStatus.DONE);

    assertThat(net.client.audits(jobId))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.auditor()).isEqualTo(auditor.address());
              assertThat(a.status()).isEqualTo(AuditStatus.PAID);
            });
    await().atMost(TIMEOUT).until(() -> second.snapshot().auditsDone() == 1);
    assertThat(second.snapshot().audits()).isEmpty();
  }

  @Test
  void anAuditWhoseReExecutionTimesOutSendsNoResult() {
    KeyPair worker = PROVIDERS.get(10);
    KeyPair limited = PROVIDERS.get(11);
    net.startAgent(net.dir("tw"), worker, settings("slow", "0.20GRID"));
    // This auditor stops any unit after one second, so the two-second unit always times out.
    Agent auditor =
        net.startAgent(
            net.dir("ta"),
            limited,
            TestNetwork.with(settings("slow", "0.40GRID"), "maxUnitSeconds", 1));
    long from = net.client.status().height();

    Hash jobId = net.postJob(TestNetwork.job("slow", 1, "sleep 2; " + UNIT));
    await().atMost(TIMEOUT).until(() -> auditor.snapshot().auditsFailed() == 1);

    assertThat(auditor.snapshot().auditsDone()).isZero();
    assertThat(auditResultsFrom(limited.address(), from)).isEmpty();
    assertThat(net.client.audits(jobId))
        .extracting(AuditInfo::auditor)
        .containsOnly(limited.address());
  }

  /** Audit results {@code sender} got committed from {@code fromHeight} on, refused or not. */
  private static List<TxStatus> auditResultsFrom(Address sender, long fromHeight) {
    List<TxStatus> found = new ArrayList<>();
    long head = net.client.status().height();
    for (long h = fromHeight; h <= head; h++) {
      for (BlockInfo.Tx tx : net.client.block(h).orElseThrow().txs()) {
        TxStatus status = net.client.tx(tx.hash());
        if (status.tx().sender().equals(sender) && status.tx().kind().equals("audit-result")) {
          found.add(status);
        }
      }
    }
    return found;
  }
}
