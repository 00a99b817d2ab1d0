package io.gridwork.agent.daemon;

import static io.gridwork.agent.daemon.TestNetwork.BUYER;
import static io.gridwork.agent.daemon.TestNetwork.PROVIDERS;
import static io.gridwork.agent.daemon.TestNetwork.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridwork.api.AuditInfo;
import io.gridwork.api.UnitInfo;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.market.AuditStatus;
import io.gridwork.protocol.market.JobStatus;
import io.gridwork.protocol.spec.InputRef;
import io.gridwork.protocol.spec.JobSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A job that reads an input the buyer uploaded, run and audited by real agents on a real node: the
 * node hands the input only to signed requests of the job's provider and auditor, so both must sign
 * their fetches for the unit to run and its audit to pass.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class JobInputsTest {
  private static final byte[] SCENE =
      "a scene only this job may read\n".getBytes(StandardCharsets.UTF_8);

  @RegisterExtension static final TestNetwork net = TestNetwork.audited();

  @Test
  void theProviderAndItsAuditorBothFetchTheBuyersInput() throws Exception {
    KeyPair worker = PROVIDERS.get(0);
    KeyPair auditor = PROVIDERS.get(1);
    net.startAgent(
        net.dir("worker"),
        worker,
        TestNetwork.with(net.settings("in"), "defaultPrice", "0.30GRID"));
    net.startAgent(
        net.dir("auditor"),
        auditor,
        TestNetwork.with(net.settings("in"), "defaultPrice", "0.40GRID"));
    JobSpec spec =
        TestNetwork.jobBuilder("in", 1, "cat scene.txt > out-$UNIT.txt")
            .inputs(new InputRef("scene.txt", Hash.sha256(SCENE), SCENE.length))
            .build();
    Hash jobId = net.postJob(spec);
    net.client.uploadBlob(jobId, BUYER, Files.write(net.dir("scene.txt"), SCENE));

    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                net.client.audits(jobId).stream()
                        .map(AuditInfo::status)
                        .anyMatch(AuditStatus.PAID::equals)
                    && net.client.job(jobId).orElseThrow().status() == JobStatus.DONE);

    UnitInfo unit = net.client.units(jobId).getFirst();
    assertThat(unit.provider()).isEqualTo(worker.address());
    assertThat(unit.outputHash()).isEqualTo(Hash.sha256(SCENE));
    assertThat(net.client.audits(jobId).getFirst().auditor()).isEqualTo(auditor.address());
    assertThat(net.client.job(jobId).orElseThrow().status()).isEqualTo(JobStatus.DONE);
    Path copy = net.dir("copy.txt");
    assertThat(net.client.downloadBlob(jobId, BUYER, unit.outputHash(), copy)).isTrue();
    assertThat(Files.readAllBytes(copy)).isEqualTo(SCENE);
  }
}
