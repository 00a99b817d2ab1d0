package io.gridwork.agent.daemon;

import static io.gridwork.agent.daemon.TestNetwork.BUYER;
import static io.gridwork.agent.daemon.TestNetwork.PROVIDERS;
import static io.gridwork.agent.daemon.TestNetwork.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridwork.agent.runtime.CheckpointArchive;
import io.gridwork.agent.runtime.LinkSwapper;
import io.gridwork.agent.runtime.Secrets;
import io.gridwork.api.UnitInfo;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.JobStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A buyer's unit, run by a real agent in the real sandbox against a real node, exchanges a
 * directory of its checkpoint with a link to the agent's key directory while the agent saves its
 * checkpoints: the key must reach neither the node's blob store nor the checkpoint the ledger
 * records.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CheckpointKeyLeakAttackTest {
  @RegisterExtension static final TestNetwork net = TestNetwork.sandboxed();

  @BeforeAll
  static void startNode() {
    assertThat(TestNetwork.onPath("python3"))
        .as("python3 is not installed: the unit that swaps links cannot run")
        .isTrue();
  }

  @Test
  void aUnitSwappingItsCheckpointForALinkToTheAgentKeysNeverGetsTheKeyPublished() throws Exception {
    Path home = net.dir("provider");
    Path keys = Files.createDirectories(home.resolve("keys"));
    byte[] key = Secrets.secret();
    Files.write(keys.resolve("provider.key"), key);
    String script =
        LinkSwapper.shell("/checkpoint", keys.toString(), "provider.key", key.length, 6)
            + " && echo saved > /checkpoint/done && sleep 4 && echo ok > out-$UNIT.txt";
    net.startAgent(
        home,
        PROVIDERS.get(0),
        TestNetwork.with(net.settings("keyleak"), "checkpointIntervalSeconds", 1));
    Hash jobId = net.postJob(TestNetwork.job("keyleak", 1, script));
    List<Path> archives = new ArrayList<>();
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              keepCheckpoint(jobId, net.client.units(jobId).getFirst(), archives);
              return net.client.job(jobId).orElseThrow().status() == JobStatus.DONE;
            });

    assertThat(archives).as("checkpoints recorded while the unit ran").isNotEmpty();
    for (Path archive : archives) {
      assertThat(Secrets.contains(Files.readAllBytes(archive), key))
          .as(archive.toString())
          .isFalse();
    }
    Path unpacked = net.dir("unpacked");
    assertThat(CheckpointArchive.unpack(archives.getLast(), unpacked, 1 << 20))
        .isInstanceOf(CheckpointArchive.UnpackResult.Unpacked.class);
    assertThat(unpacked.resolve("done")).hasContent("saved");
    assertThat(unpacked.resolve("x/provider.key")).hasContent("0".repeat(key.length));
    assertThat(Secrets.anyFileContains(net.dir("node"), key))
        .as("the node's data directory, blob store included, holds the agent's key")
        .isFalse();
  }

  /** Downloads the unit's recorded checkpoint if it is one not seen before. */
  private static void keepCheckpoint(Hash jobId, UnitInfo unit, List<Path> archives) {
    if (unit.checkpoint() == null) {
      return;
    }
    Path archive = net.dir("checkpoint-" + unit.checkpoint().hash().toHex() + ".tar");
    if (!Files.exists(archive)) {
      assertThat(net.client.downloadBlob(jobId, BUYER, unit.checkpoint().hash(), archive)).isTrue();
      archives.add(archive);
    }
  }
}
