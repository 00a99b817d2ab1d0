package io.gridwork.agent.daemon;

import static io.gridwork.agent.daemon.TestNetwork.BUYER;
import static io.gridwork.agent.daemon.TestNetwork.PROVIDERS;
import static io.gridwork.agent.daemon.TestNetwork.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridwork.agent.runtime.CheckpointArchive;
import io.gridwork.api.LeaseInfo;
import io.gridwork.api.UnitInfo;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.market.JobStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A unit that saves progress in {@code $GRIDWORK_CHECKPOINT_DIR}, run by a real agent in the real
 * sandbox against a real node: the agent uploads and records the checkpoint while the unit runs,
 * and when its lease ends early the next provider resumes the unit from it.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CheckpointResumeTest {
  /**
   * Counts to 8, one step a second, saving the count after every step (atomically, by rename) and
   * writing at the end the count it started from.
   */
  private static final String COUNTER =
      """
      dir="$GRIDWORK_CHECKPOINT_DIR"
      c=$(cat "$dir/counter" 2>/dev/null || echo 0)
      start=$c
      while [ "$c" -lt 8 ]; do
        c=$((c + 1))
        echo "$c" > "$dir/counter.tmp" && mv "$dir/counter.tmp" "$dir/counter"
        sleep 1
      done
      echo "resumed-from $start" > out-$UNIT.txt
      """;

  @RegisterExtension static final TestNetwork net = TestNetwork.sandboxed();

  @Test
  void aUnitWhoseLeaseEndedResumesOnAnotherProviderFromItsLastCheckpoint() throws IOException {
    KeyPair first = PROVIDERS.get(0);
    KeyPair second = PROVIDERS.get(1);
    Map<String, Object> settings =
        TestNetwork.with(net.settings("checkpoint"), "checkpointIntervalSeconds", 1);
    Agent firstAgent = net.startAgent(net.dir("first"), first, settings);
    Hash jobId = net.postJob(TestNetwork.job("checkpoint", 1, COUNTER));
    await().atMost(TIMEOUT).until(() -> savedCount(jobId, net.client.units(jobId).getFirst()) >= 2);

    firstAgent.close();
    LeaseInfo lease = net.client.leases(jobId).getFirst();
    await().atMost(TIMEOUT).until(() -> net.client.status().mempoolSize() == 0);
    net.txs.nonce(first, net.client.account(first.address()).orElseThrow().nonce());
    net.commit(net.txs.closeLease(first, lease.id()));
    int saved = savedCount(jobId, net.client.units(jobId).getFirst());
    net.startAgent(net.dir("second"), second, settings);
    net.awaitStatus(jobId, JobStatus.DONE);

    UnitInfo unit = net.client.units(jobId).getFirst();
    assertThat(unit.provider()).isEqualTo(second.address());
    assertThat(saved).isGreaterThanOrEqualTo(2);
    assertThat(net.download(jobId, unit.outputHash())).isEqualTo("resumed-from " + saved + "\n");
  }

  /** The count in the unit's recorded checkpoint, 0 when none is recorded. */
  private static int savedCount(Hash jobId, UnitInfo unit) throws IOException {
    if (unit.checkpoint() == null) {
      return 0;
    }
    Path archive = Files.createTempFile(net.dir(), "checkpoint", ".tar");
    assertThat(net.client.downloadBlob(jobId, BUYER, unit.checkpoint().hash(), archive)).isTrue();
    Path dir = Files.createTempDirectory(net.dir(), "checkpoint");
    assertThat(CheckpointArchive.unpack(archive, dir, 1 << 20))
        .isInstanceOf(CheckpointArchive.UnpackResult.Unpacked.class);
    return Integer.parseInt(Files.readString(dir.resolve("counter")).strip());
  }
}
