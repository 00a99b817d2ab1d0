package io.gridwork.agent.daemon;

import static io.gridwork.agent.daemon.TestNetwork.BUYER;
import static io.gridwork.agent.daemon.TestNetwork.PROVIDERS;
import static io.gridwork.agent.daemon.TestNetwork.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridwork.client.LeaseInfo;
import io.gridwork.client.UnitInfo;
import io.gridwork.protocol.crypto.Hash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A buyer's unit tries to write far more than its job's output limit to the provider's disk,
 * through a real agent and node: the agent stops it at the limit instead of letting it fill the
 * disk.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OversizedOutputAttackTest {
  @TempDir static Path tmp;
  static TestNetwork net;

  @BeforeAll
  static void startNode() {
    assertThat(TestNetwork.onPath("bwrap")).as("bwrap (apt-get install bubblewrap)").isTrue();
    net = new TestNetwork(tmp.resolve("node"));
  }

  @AfterAll
  static void stopNode() {
    if (net != null) {
      net.close();
    }
  }

  @Test
  void fourGibOutputIsStoppedAtTheJobsOneMibLimitAndTheLeaseGivenBack() throws IOException {
    Path home = tmp.resolve("provider");
    Agent agent = net.startAgent(home, PROVIDERS.get(9), net.settings("oversized"));
    Hash jobId = net.txs.nextJobId(BUYER);
    net.commit(
        net.txs.createJob(
            BUYER, TestNetwork.job("oversized", 1, "head -c 4G /dev/zero > out-$UNIT.txt")));

    await().atMost(TIMEOUT).until(() -> agent.snapshot().leasesGivenUp() == 1);

    await()
        .atMost(TIMEOUT)
        .until(() -> net.client.leases(jobId).stream().noneMatch(LeaseInfo::active));
    assertThat(net.client.units(jobId)).noneMatch(u -> u.state() == UnitInfo.State.DONE);
    List<Path> written = filesNamed(home, "out-0.txt");
    assertThat(written).isNotEmpty();
    for (Path file : written) {
      assertThat(Files.size(file)).isLessThanOrEqualTo(1L << 20);
    }
  }

  private static List<Path> filesNamed(Path root, String name) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.filter(p -> p.getFileName().toString().equals(name)).toList();
    }
  }
}
