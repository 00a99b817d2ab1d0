package io.gridwork.agent.daemon;

import static io.gridwork.agent.daemon.TestNetwork.PROVIDERS;
import static io.gridwork.agent.daemon.TestNetwork.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridwork.agent.work.UnitLogs;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.JobStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real agent against a real node removes a unit's directories once the unit is final here, and
 * keeps a capped copy of its stdout and stderr under its work directory.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class UnitDirectoryCleanupTest {
  @RegisterExtension static final TestNetwork net = TestNetwork.sandboxed();

  @Test
  void aReportedUnitsDirectoryIsRemovedAndACappedCopyOfItsLogKept() {
    Path home = net.dir("reported");
    net.startAgent(home, PROVIDERS.get(0), net.settings("cleanup"));
    String script =
        "head -c 100000 /dev/zero | tr '\\0' x; echo; echo unit-said-bye;"
            + " echo on-stderr >&2; echo ok > out-$UNIT.txt";

    Hash jobId = net.postJob(TestNetwork.job("cleanup", 1, script));
    net.awaitStatus(jobId, JobStatus.DONE);

    String lease = net.client.leases(jobId).getFirst().id().toHex();
    Path leaseDir = home.resolve("agent/leases").resolve(lease);
    Path log = home.resolve("agent/unit-logs/lease-" + lease + "-unit-0.log");
    await().atMost(TIMEOUT).until(() -> !Files.exists(leaseDir) && Files.exists(log));
    assertThat(log).content().contains("unit-said-bye\n== stderr ==\non-stderr\n");
    assertThat(log.toFile().length()).isLessThan(UnitLogs.TAIL_BYTES + 200);
  }

  @Test
  void aUnitThatFailsEveryAttemptLeavesItsLogButNoDirectory() {
    Path home = net.dir("failing");
    net.startAgent(home, PROVIDERS.get(1), net.settings("cleanup-fail"));
    Hash jobId = net.postJob(TestNetwork.job("cleanup-fail", 1, "echo it-broke >&2; exit 3"));

    String lease = net.awaitLease(jobId).id().toHex();
    Path leaseDir = home.resolve("agent/leases").resolve(lease);
    Path log = home.resolve("agent/unit-logs/lease-" + lease + "-unit-0.log");
    await().atMost(TIMEOUT).until(() -> Files.exists(log) && !Files.exists(leaseDir));
    assertThat(log).content().contains("it-broke");
  }

  @Test
  void directoriesNothingResumesAreRemovedWhenTheAgentStartsAndTheirLogsKept() throws Exception {
    Path home = net.dir("restarted");
    String lease = "ab".repeat(32);
    Path leaseDir = home.resolve("agent/leases").resolve(lease);
    Files.createDirectories(leaseDir.resolve("unit-3/work"));
    Files.writeString(leaseDir.resolve("unit-3/work/big.bin"), "left behind");
    Files.createDirectories(leaseDir.resolve("unit-3/logs"));
    Files.writeString(leaseDir.resolve("unit-3/logs/stdout.log"), "an old run said this\n");
    Path auditDir = home.resolve("agent/audits").resolve("cd".repeat(32) + "-unit-0-round-1");
    Files.createDirectories(auditDir.resolve("unit/logs"));
    Files.writeString(auditDir.resolve("unit/logs/stderr.log"), "an old audit said this\n");

    net.startAgent(home, PROVIDERS.get(2), net.settings("cleanup-restart"));

    await().atMost(TIMEOUT).until(() -> !Files.exists(leaseDir) && !Files.exists(auditDir));
    assertThat(home.resolve("agent/unit-logs/lease-" + lease + "-unit-3.log"))
        .content()
        .contains("an old run said this");
    assertThat(home.resolve("agent/unit-logs/audit-" + auditDir.getFileName() + ".log"))
        .content()
        .contains("an old audit said this");
  }
}
