package io.gridwork.agent.daemon;

import static io.gridwork.agent.daemon.TestNetwork.PROVIDERS;
import static io.gridwork.agent.daemon.TestNetwork.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridwork.api.LeaseInfo;
import io.gridwork.api.UnitInfo;
import io.gridwork.protocol.crypto.Hash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A buyer's unit tries to write far more than its job's output limit to the provider's disk,
 * through a real agent and node: the agent stops it at the limit instead of letting it fill the
 * disk.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OversizedOutputAttackTest {
  @RegisterExtension static final TestNetwork net = TestNetwork.sandboxed();

  @Test
  void fourGibOutputIsStoppedAtTheJobsOneMibLimitAndTheLeaseGivenBack() throws IOException {
    Path home = net.dir("provider");
    Agent agent = net.startAgent(home, PROVIDERS.get(9), net.settings("oversized"));
    Hash jobId =
        net.postJob(
            TestNetwork.job(
                "oversized",
                1,
                // The shell outlives the writer the limit kills and says how far it got.
                "head -c 4G /dev/zero > out-$UNIT.txt; s=$?; stat -c 'size %s' out-$UNIT.txt >&2;"
                    + " exit $s"));

    await().atMost(TIMEOUT).until(() -> agent.snapshot().leasesGivenUp() == 1);

    await()
        .atMost(TIMEOUT)
        .until(() -> net.client.leases(jobId).stream().noneMatch(LeaseInfo::active));
    assertThat(net.client.units(jobId)).noneMatch(u -> u.state() == UnitInfo.State.DONE);
    List<String> keptLogs = new ArrayList<>();
    for (Path log : files(home, p -> p.getFileName().toString().endsWith(".log"))) {
      keptLogs.add(Files.readString(log));
    }
    assertThat(keptLogs).anyMatch(log -> log.contains("size " + (1L << 20)));
    assertThat(keptLogs).noneMatch(log -> log.matches("(?s).*size (?!1048576\\b)\\d+.*"));
    assertThat(files(home, p -> p.getFileName().toString().equals("out-0.txt"))).isEmpty();
  }

  private static List<Path> files(Path root, Predicate<Path> wanted) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.filter(Files::isRegularFile).filter(wanted).toList();
    }
  }
}
