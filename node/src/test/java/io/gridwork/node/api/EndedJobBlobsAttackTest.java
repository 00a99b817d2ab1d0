package io.gridwork.node.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.gridwork.api.TxStatus;
import io.gridwork.client.GridworkClient;
import io.gridwork.client.GridworkClientException;
import io.gridwork.node.Node;
import io.gridwork.node.NodeConfig;
import io.gridwork.node.TestChain;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.testkit.JobSpecBuilder;
import io.gridwork.testkit.TxFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeping data of finished jobs on a real node: uploads to an ended job are refused, and its blobs
 * are deleted once the retention period (three seconds here) has passed on the ledger's clock, not
 * before, even across a restart, while a blob another running job uses stays.
 */
class EndedJobBlobsAttackTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final long RETENTION_SECONDS = 3;
  private static final KeyPair BUYER = TestChain.user(0);

  @TempDir Path dataDir;
  @TempDir Path files;
  private final TxFactory txs = new TxFactory(TestChain.CHAIN_ID);
  private Node node;
  private GridworkClient client;

  @BeforeEach
  void startNode() {
    start();
  }

  @AfterEach
  void stopNode() {
    node.close();
  }

  private void start() {
    node =
        Node.start(
            TestChain.config(dataDir).withBlobRetentionSeconds(RETENTION_SECONDS),
            TestChain.genesis());
    client = new GridworkClient("http://127.0.0.1:" + node.apiPort());
  }

  private void commit(SignedTransaction tx) {
    assertThat(client.submit(tx).accepted()).isTrue();
    TxStatus status = client.awaitCommitted(tx.hash(), TIMEOUT);
    assertThat(status.commit().code()).as(status.commit().message()).isEqualTo("OK");
  }

  private Hash createJob(String name) {
    Hash jobId = txs.nextJobId(BUYER);
    commit(txs.createJob(BUYER, JobSpecBuilder.batch(1, 1_000_000, 1_000_000).name(name).build()));
    return jobId;
  }

  private Path file(String name, String content) throws Exception {
    return Files.writeString(files.resolve(name), content, UTF_8);
  }

  private Path object(Hash hash) {
    String hex = hash.toHex();
    return dataDir
        .resolve(NodeConfig.BLOB_DIR)
        .resolve("objects")
        .resolve(hex.substring(0, 2))
        .resolve(hex.substring(2, 4))
        .resolve(hex);
  }

  @Test
  void anUploadToAClosedJobIsRefused() throws Exception {
    Hash jobId = createJob("closed");
    Path before = file("before", "uploaded while open");
    client.uploadBlob(jobId, BUYER, before);
    commit(txs.closeJob(BUYER, jobId));

    GridworkClientException late =
        catchThrowableOfType(
            GridworkClientException.class,
            () -> client.uploadBlob(jobId, BUYER, file("late", "uploaded after the end")));
    GridworkClientException again =
        catchThrowableOfType(
            GridworkClientException.class, () -> client.uploadBlob(jobId, BUYER, before));

    assertThat(late.status()).isEqualTo(409);
    assertThat(late.code()).isEqualTo("JOB_ENDED");
    assertThat(late.getMessage()).contains("ended at height");
    assertThat(again.code()).isEqualTo("JOB_ENDED");
    assertThat(object(Hash.sha256("uploaded after the end".getBytes(UTF_8)))).doesNotExist();
  }

  @Test
  void aClosedJobsBlobsAreDeletedAfterTheRetentionPeriodAndNotBefore() throws Exception {
    Hash jobId = createJob("ends");
    Hash output = client.uploadBlob(jobId, BUYER, file("output", "the job's own output"));
    Instant closing = Instant.now();
    commit(txs.closeJob(BUYER, jobId));

    assertThat(client.downloadBlob(jobId, BUYER, output, files.resolve("copy"))).isTrue();
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> !Files.exists(object(output)));
    Instant deleted = Instant.now();

    assertThat(deleted).isAfterOrEqualTo(closing.plusSeconds(RETENTION_SECONDS));
    assertThat(client.downloadBlob(jobId, BUYER, output, files.resolve("gone"))).isFalse();
    assertThat(dataDir.resolve(NodeConfig.BLOB_DIR).resolve("jobs").resolve(jobId.toHex()))
        .doesNotExist();
  }

  @Test
  void aBlobSharedWithARunningJobSurvivesTheEndedJobsDeletion() throws Exception {
    Hash ended = createJob("ended");
    Hash running = createJob("running");
    Path shared = file("shared", "an input both jobs read");
    Hash sharedHash = client.uploadBlob(ended, BUYER, shared);
    client.uploadBlob(running, BUYER, shared);
    Hash own = client.uploadBlob(ended, BUYER, file("own", "only the ended job's"));
    commit(txs.closeJob(BUYER, ended));

    await().atMost(TIMEOUT).until(() -> !Files.exists(object(own)));

    assertThat(object(sharedHash)).exists();
    assertThat(client.downloadBlob(running, BUYER, sharedHash, files.resolve("copy"))).isTrue();
    assertThat(Files.readString(files.resolve("copy"))).isEqualTo("an input both jobs read");
    assertThat(client.downloadBlob(ended, BUYER, sharedHash, files.resolve("via-ended"))).isFalse();
  }

  @Test
  void aDeletionDueWhileTheNodeWasDownHappensAfterItRestarts() throws Exception {
    Hash jobId = createJob("restarted");
    Hash output = client.uploadBlob(jobId, BUYER, file("output", "kept across a restart"));
    commit(txs.closeJob(BUYER, jobId));
    node.close();
    assertThat(object(output)).exists();

    start();

    await().atMost(TIMEOUT).until(() -> !Files.exists(object(output)));
    assertThat(client.downloadBlob(jobId, BUYER, output, files.resolve("gone"))).isFalse();
  }
}
