package io.gridwork.node.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridwork.api.AuditInfo;
import io.gridwork.api.TxStatus;
import io.gridwork.chain.genesis.AuditParams;
import io.gridwork.chain.genesis.Genesis;
import io.gridwork.chain.genesis.GenesisAccount;
import io.gridwork.chain.genesis.MarketParams;
import io.gridwork.chain.genesis.Params;
import io.gridwork.client.BlobAuth;
import io.gridwork.client.GridworkClient;
import io.gridwork.client.GridworkClientException;
import io.gridwork.node.Node;
import io.gridwork.node.TestChain;
import io.gridwork.protocol.crypto.BlobRequestAuth;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.tx.JobIds;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.testkit.JobSpecBuilder;
import io.gridwork.testkit.TestKeys;
import io.gridwork.testkit.TxFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a job's data from a real node by people with no part in the job. One deterministic job is
 * driven through real signed transactions: its buyer uploads an input, the provider that won it
 * uploads a checkpoint and the unit's output and reports it, and the ledger assigns the only other
 * provider to audit the unit. A stranger (funded, no part in the job) then asks for each blob.
 */
class BlobDownloadAttackTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final long GRID = 1_000_000;
  private static final String GPU = "RTX 4090";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final KeyPair BUYER = TestKeys.key("blob-attack-buyer");
  private static final KeyPair WORKER = TestKeys.key("blob-attack-worker");
  private static final KeyPair AUDITOR = TestKeys.key("blob-attack-auditor");
  private static final KeyPair STRANGER = TestKeys.key("blob-attack-stranger");

  @TempDir static Path dataDir;
  @TempDir static Path files;
  static Node node;
  static GridworkClient client;
  static String base;
  static final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static final TxFactory txs = new TxFactory(TestChain.CHAIN_ID);
  static Hash jobId;
  static Hash input;
  static Hash checkpoint;
  static Hash output;

  @BeforeAll
  static void runAJobThatIsAudited() throws Exception {
    // Every unit of a new provider is audited, and the auditor has far longer than the tests
    // take, so the assignment stays open throughout.
    AuditParams audit =
        new AuditParams(5, 1_000_000, 20_000, 30, 10_000, 3, 500, 1_000, 5_000, 100_000);
    Params params =
        Params.defaults()
            .withMarket(new MarketParams(20, 64, 3, GRID, 100, GRID, 1_000))
            .withAudit(audit);
    List<GenesisAccount> accounts =
        List.of(BUYER, WORKER, AUDITOR, STRANGER).stream()
            .map(k -> new GenesisAccount(k.address(), 10_000 * GRID))
            .toList();
    node =
        Node.start(
            TestChain.config(dataDir),
            new Genesis(TestChain.CHAIN_ID, 1_700_000_000_000L, accounts, params)
                .withVerificationPool(1_000 * GRID));
    base = "http://127.0.0.1:" + node.apiPort();
    client = new GridworkClient(base);

    commit(txs.registerProvider(WORKER, GPU, 1, "eu-west", 100 * GRID));
    commit(txs.registerProvider(AUDITOR, GPU, 1, "eu-west", 100 * GRID));
    jobId = txs.nextJobId(BUYER);
    commit(txs.createJob(BUYER, JobSpecBuilder.batch(1, GRID, GRID).name("secret").build()));
    input = client.uploadBlob(jobId, BUYER, write("scene.blend", "the buyer's private scene"));
    commit(txs.placeBid(WORKER, jobId, GRID / 2, GPU, 1, 1));
    Hash leaseId = JobIds.leaseId(jobId, WORKER.address());
    await().atMost(TIMEOUT).until(() -> client.lease(leaseId).isPresent());
    checkpoint = client.uploadBlob(jobId, WORKER, write("state.tar", "half-rendered frame"));
    commit(txs.checkpoint(WORKER, leaseId, 0, checkpoint));
    output = client.uploadBlob(jobId, WORKER, write("frame-0.png", "the rendered frame"));
    commit(txs.unitResult(WORKER, leaseId, 0, output));
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                client.audits(jobId).stream()
                    .map(AuditInfo::auditor)
                    .anyMatch(AUDITOR.address()::equals));
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  private static void commit(SignedTransaction tx) {
    assertThat(client.submit(tx).accepted()).isTrue();
    TxStatus status = client.awaitCommitted(tx.hash(), TIMEOUT);
    assertThat(status.commit().code()).as(status.commit().message()).isEqualTo("OK");
  }

  private static Path write(String name, String content) throws Exception {
    return Files.writeString(files.resolve(name), content, UTF_8);
  }

  private static HttpResponse<String> get(Hash blob, KeyPair signer, long signedAt, byte[] sig)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + "/v1/blobs/" + blob.toHex()))
            .header(BlobRequestAuth.JOB_HEADER, jobId.toHex())
            .header(BlobRequestAuth.SIGNER_HEADER, signer.publicKey().toHex())
            .header(BlobRequestAuth.TIME_HEADER, Long.toString(signedAt))
            .header(BlobRequestAuth.SIGNATURE_HEADER, HexFormat.of().formatHex(sig))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> signedGet(Hash blob, KeyPair signer) throws Exception {
    long now = Instant.now().getEpochSecond();
    return get(
        blob, signer, now, BlobAuth.signDownload(signer, TestChain.CHAIN_ID, jobId, blob, now));
  }

  private static void assertProblem(HttpResponse<String> r, int status, String code)
      throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type"))
        .get()
        .asString()
        .startsWith("application/problem+json");
    JsonNode p = JSON.readTree(r.body());
    assertThat(p.get("code").asText()).isEqualTo(code);
    assertThat(p.get("detail").asText()).isNotBlank();
  }

  @Test
  void aStrangerCannotDownloadTheJobsOutput() throws Exception {
    HttpResponse<String> r = signedGet(output, STRANGER);

    assertProblem(r, 403, "BLOB_FORBIDDEN");
    assertThat(r.body()).doesNotContain("the rendered frame");
  }

  @Test
  void aStrangerCannotDownloadTheJobsInput() throws Exception {
    HttpResponse<String> r = signedGet(input, STRANGER);

    assertProblem(r, 403, "BLOB_FORBIDDEN");
    assertThat(r.body()).doesNotContain("private scene");
  }

  @Test
  void aStrangerCannotDownloadTheJobsCheckpoint() throws Exception {
    assertProblem(signedGet(checkpoint, STRANGER), 403, "BLOB_FORBIDDEN");
  }

  @Test
  void aStrangersHeadRequestDoesNotRevealTheBlobsSize() {
    GridworkClientException e =
        catchThrowableOfType(
            GridworkClientException.class, () -> client.blobSize(jobId, STRANGER, output));

    assertThat(e.status()).isEqualTo(403);
  }

  @Test
  void aStrangerCannotTellAStoredBlobFromAnUnknownOne() throws Exception {
    Hash unknown = Hash.sha256(new byte[] {7, 7, 7});

    HttpResponse<String> known = signedGet(output, STRANGER);
    HttpResponse<String> missing = signedGet(unknown, STRANGER);

    assertProblem(missing, 403, "BLOB_FORBIDDEN");
    assertThat(missing.body().replace(unknown.toHex(), output.toHex())).isEqualTo(known.body());
  }

  @Test
  void anUnsignedDownloadIsUnauthorised() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/blobs/" + output.toHex())).build(),
            HttpResponse.BodyHandlers.ofString());

    assertProblem(r, 401, "BLOB_AUTH_MISSING");
  }

  @Test
  void aStrangerClaimingTheBuyersKeyIsUnauthorised() throws Exception {
    long now = Instant.now().getEpochSecond();
    byte[] forged = BlobAuth.signDownload(STRANGER, TestChain.CHAIN_ID, jobId, output, now);

    assertProblem(get(output, BUYER, now, forged), 401, "BAD_BLOB_SIGNATURE");
  }

  @Test
  void anUploadSignatureCannotBeReplayedAsADownload() throws Exception {
    byte[] upload = BlobAuth.sign(WORKER, TestChain.CHAIN_ID, jobId, output);

    assertProblem(
        get(output, WORKER, Instant.now().getEpochSecond(), upload), 401, "BAD_BLOB_SIGNATURE");
  }

  @Test
  void aDownloadSignatureFromAnHourAgoCannotBeReplayed() throws Exception {
    long anHourAgo = Instant.now().minus(Duration.ofHours(1)).getEpochSecond();
    byte[] old = BlobAuth.signDownload(BUYER, TestChain.CHAIN_ID, jobId, output, anHourAgo);

    assertProblem(get(output, BUYER, anHourAgo, old), 401, "BLOB_SIGNATURE_EXPIRED");
  }

  @Test
  void aBlobOfAnotherJobCannotBeReadThroughThisOne() throws Exception {
    Hash otherJob = txs.nextJobId(STRANGER);
    commit(txs.createJob(STRANGER, JobSpecBuilder.batch(1, GRID, GRID).name("other").build()));
    Hash theirs = client.uploadBlob(otherJob, STRANGER, write("theirs", "another job's data"));

    assertThat(client.downloadBlob(jobId, BUYER, theirs, files.resolve("theirs-copy"))).isFalse();
    assertThat(files.resolve("theirs-copy")).doesNotExist();
  }

  @Test
  void theBuyerDownloadsTheInputCheckpointAndOutput() throws Exception {
    assertDownloads(BUYER, "buyer");
  }

  @Test
  void theProviderWhoseLeaseRanTheUnitDownloadsThem() throws Exception {
    assertDownloads(WORKER, "worker");
  }

  @Test
  void theAssignedAuditorDownloadsThem() throws Exception {
    assertDownloads(AUDITOR, "auditor");
  }

  @Test
  void anAuthorisedCallerAskingForAnUnknownBlobIsToldItIsNotFound() throws Exception {
    assertProblem(signedGet(Hash.sha256(new byte[] {9}), BUYER), 404, "BLOB_NOT_FOUND");
  }

  private static void assertDownloads(KeyPair who, String prefix) throws Exception {
    Path in = files.resolve(prefix + "-input");
    Path state = files.resolve(prefix + "-checkpoint");
    Path frame = files.resolve(prefix + "-output");

    assertThat(client.downloadBlob(jobId, who, input, in)).isTrue();
    assertThat(client.downloadBlob(jobId, who, checkpoint, state)).isTrue();
    assertThat(client.downloadBlob(jobId, who, output, frame)).isTrue();

    assertThat(Files.readString(in)).isEqualTo("the buyer's private scene");
    assertThat(Files.readString(state)).isEqualTo("half-rendered frame");
    assertThat(Files.readString(frame)).isEqualTo("the rendered frame");
    assertThat(client.blobSize(jobId, who, output)).hasValue("the rendered frame".length());
  }
}
