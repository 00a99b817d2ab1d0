package io.gridwork.node.api;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridwork.api.TxStatus;
import io.gridwork.chain.genesis.Genesis;
import io.gridwork.chain.genesis.MarketParams;
import io.gridwork.client.BlobAuth;
import io.gridwork.client.GridworkClient;
import io.gridwork.client.GridworkClientException;
import io.gridwork.node.Node;
import io.gridwork.node.NodeConfig;
import io.gridwork.node.TestChain;
import io.gridwork.protocol.crypto.BlobRequestAuth;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.testkit.JobSpecBuilder;
import io.gridwork.testkit.TxFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The blob store of a real node over HTTP: who may upload, what is refused and that a refused or
 * broken upload leaves nothing behind. Limits are small (64 KiB per blob, 160 KiB per job) so the
 * refusals are cheap to reach.
 */
class BlobApiTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int MAX_BLOB = 64 * 1024;
  private static final int MAX_JOB = 160 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;
  static Node node;
  static GridworkClient client;
  static String base;
  static final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static final KeyPair buyer = TestChain.user(0);
  static final KeyPair stranger = TestChain.user(1);
  static Hash job;

  @TempDir Path work;

  @BeforeAll
  static void startNodeWithAJob() {
    node =
        Node.start(
            TestChain.config(dataDir).withMaxBlobBytes(MAX_BLOB).withMaxJobBlobBytes(MAX_JOB),
            longBiddingGenesis());
    base = "http://127.0.0.1:" + node.apiPort();
    client = new GridworkClient(base);
    job = createJob();
  }

  /** The test chain, but a job takes bids for hours, so the test jobs stay open throughout. */
  private static Genesis longBiddingGenesis() {
    Genesis test = TestChain.genesis();
    MarketParams market = test.params().market();
    return new Genesis(
        test.chainId(),
        test.genesisTimeMillis(),
        test.accounts(),
        test.params()
            .withMarket(
                new MarketParams(
                    MarketParams.MAX_BID_WINDOW_BLOCKS,
                    market.maxBidsPerJob(),
                    market.maxAuctionRounds(),
                    market.minDeposit(),
                    market.networkFeeBps(),
                    market.bidCollateral(),
                    market.nominalBlockMillis())));
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  private static final TxFactory txs = new TxFactory(TestChain.CHAIN_ID);

  private static Hash createJob() {
    Hash id = txs.nextJobId(buyer);
    SignedTransaction tx =
        txs.createJob(buyer, JobSpecBuilder.batch(2, 1_000_000, 2_000_000).build());
    client.submit(tx);
    TxStatus status = client.awaitCommitted(tx.hash(), TIMEOUT);
    assertThat(status.commit().code()).as(status.commit().message()).isEqualTo("OK");
    return id;
  }

  private Path file(String name, int size, long seed) throws IOException {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return Files.write(work.resolve(name), bytes);
  }

  private static Path tmpDir() {
    return dataDir.resolve(NodeConfig.BLOB_DIR).resolve("tmp");
  }

  private static HttpResponse<String> put(
      Hash path, byte[] body, Hash jobId, KeyPair signer, byte[] signature) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + "/v1/blobs/" + path.toHex()))
            .header(BlobRequestAuth.JOB_HEADER, jobId.toHex())
            .header(BlobRequestAuth.SIGNER_HEADER, signer.publicKey().toHex())
            .header(BlobRequestAuth.SIGNATURE_HEADER, HexFormat.of().formatHex(signature))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A GET of blob {@code hash} of the test job, signed now by {@code signer}. */
  private static HttpRequest.Builder signedDownload(Hash hash, KeyPair signer) {
    long now = Instant.now().getEpochSecond();
    byte[] signature = BlobAuth.signDownload(signer, TestChain.CHAIN_ID, job, hash, now);
    return HttpRequest.newBuilder(URI.create(base + "/v1/blobs/" + hash.toHex()))
        .header(BlobRequestAuth.JOB_HEADER, job.toHex())
        .header(BlobRequestAuth.SIGNER_HEADER, signer.publicKey().toHex())
        .header(BlobRequestAuth.TIME_HEADER, Long.toString(now))
        .header(BlobRequestAuth.SIGNATURE_HEADER, HexFormat.of().formatHex(signature));
  }

  private static void assertProblem(HttpResponse<String> r, int status, String code)
      throws IOException {
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
  void theBuyersUploadDownloadsByteIdentical() throws Exception {
    Path input = file("input.bin", 40_000, 1);
    Path copy = work.resolve("copy.bin");

    Hash hash = client.uploadBlob(job, buyer, input);
    boolean found = client.downloadBlob(job, buyer, hash, copy);

    assertThat(hash).isEqualTo(Hash.sha256(Files.readAllBytes(input)));
    assertThat(found).isTrue();
    assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(input));
  }

  @Test
  void headAnswersTheSizeAndTheHashAsETag() throws Exception {
    Path input = file("head.bin", 1_234, 2);
    Hash hash = client.uploadBlob(job, buyer, input);

    HttpResponse<Void> r =
        http.send(
            signedDownload(hash, buyer).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.discarding());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(1_234);
    assertThat(r.headers().firstValue("ETag")).hasValue("\"" + hash.toHex() + "\"");
    assertThat(client.blobSize(job, buyer, hash)).hasValue(1_234);
  }

  @Test
  void anUnknownBlobIsNotFound() throws Exception {
    Hash unknown = Hash.sha256(new byte[] {42, 42});

    HttpResponse<String> r =
        http.send(signedDownload(unknown, buyer).build(), HttpResponse.BodyHandlers.ofString());

    assertProblem(r, 404, "BLOB_NOT_FOUND");
    assertThat(client.blobSize(job, buyer, unknown)).isEmpty();
    assertThat(client.downloadBlob(job, buyer, unknown, work.resolve("none"))).isFalse();
    assertThat(work.resolve("none")).doesNotExist();
  }

  @Test
  void aStrangersUploadIsForbidden() throws Exception {
    Path input = file("stranger.bin", 100, 3);

    GridworkClientException e =
        catchThrowableOfType(
            GridworkClientException.class, () -> client.uploadBlob(job, stranger, input));

    assertThat(e.status()).isEqualTo(403);
    assertThat(e.code()).isEqualTo("BLOB_FORBIDDEN");
    assertThat(client.blobSize(job, buyer, Hash.sha256(Files.readAllBytes(input)))).isEmpty();
  }

  @Test
  void anUploadSignedByAnotherKeyIsUnauthorised() throws Exception {
    byte[] body = {1, 2, 3};
    Hash hash = Hash.sha256(body);
    byte[] forged = BlobAuth.sign(stranger, TestChain.CHAIN_ID, job, hash);

    HttpResponse<String> r = put(hash, body, job, buyer, forged);

    assertProblem(r, 401, "BAD_BLOB_SIGNATURE");
    assertThat(client.blobSize(job, buyer, hash)).isEmpty();
  }

  @Test
  void anUploadSignedForAnotherChainIsUnauthorised() throws Exception {
    byte[] body = {4, 5, 6};
    Hash hash = Hash.sha256(body);
    byte[] otherChain = BlobAuth.sign(buyer, "gridwork-other", job, hash);

    assertProblem(put(hash, body, job, buyer, otherChain), 401, "BAD_BLOB_SIGNATURE");
  }

  @Test
  void anUnsignedUploadIsUnauthorised() throws Exception {
    byte[] body = {7};

    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/blobs/" + Hash.sha256(body).toHex()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertProblem(r, 401, "BLOB_AUTH_MISSING");
  }

  @Test
  void anUploadForAnUnknownJobIsNotFound() throws Exception {
    byte[] body = {8};
    Hash hash = Hash.sha256(body);
    Hash noJob = Hash.sha256(new byte[] {9, 9});

    assertProblem(
        put(hash, body, noJob, buyer, BlobAuth.sign(buyer, TestChain.CHAIN_ID, noJob, hash)),
        404,
        "JOB_NOT_FOUND");
  }

  @Test
  void aBodyWithAnotherHashIsRefusedAndNothingIsStored() throws Exception {
    byte[] claimed = {10, 11};
    byte[] sent = {12, 13};
    Hash hash = Hash.sha256(claimed);

    HttpResponse<String> r =
        put(hash, sent, job, buyer, BlobAuth.sign(buyer, TestChain.CHAIN_ID, job, hash));

    assertProblem(r, 422, "HASH_MISMATCH");
    assertThat(client.blobSize(job, buyer, hash)).isEmpty();
    assertThat(client.blobSize(job, buyer, Hash.sha256(sent))).isEmpty();
    assertThat(tmpDir()).isEmptyDirectory();
  }

  @Test
  void aBlobOverTheSizeLimitIsRefusedAndNothingIsStored() throws Exception {
    Path big = file("big.bin", MAX_BLOB + 1, 4);

    GridworkClientException e =
        catchThrowableOfType(
            GridworkClientException.class, () -> client.uploadBlob(job, buyer, big));

    assertThat(e.status()).isEqualTo(413);
    assertThat(e.code()).isEqualTo("BLOB_TOO_LARGE");
    assertThat(e.getMessage()).contains("maxBlobBytes");
    assertThat(client.blobSize(job, buyer, Hash.sha256(Files.readAllBytes(big)))).isEmpty();
    assertThat(tmpDir()).isEmptyDirectory();
  }

  @Test
  void aStreamedBodyWithoutLengthIsCutOffAtTheSizeLimit() throws Exception {
    byte[] big = new byte[MAX_BLOB + 1];
    new Random(5).nextBytes(big);
    Hash hash = Hash.sha256(big);

    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/blobs/" + hash.toHex()))
                .header(BlobRequestAuth.JOB_HEADER, job.toHex())
                .header(BlobRequestAuth.SIGNER_HEADER, buyer.publicKey().toHex())
                .header(
                    BlobRequestAuth.SIGNATURE_HEADER,
                    HexFormat.of().formatHex(BlobAuth.sign(buyer, TestChain.CHAIN_ID, job, hash)))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertProblem(r, 413, "BLOB_TOO_LARGE");
    assertThat(client.blobSize(job, buyer, hash)).isEmpty();
    assertThat(tmpDir()).isEmptyDirectory();
  }

  @Test
  void aJobCannotStoreMoreThanItsTotal() throws Exception {
    Hash quotaJob = createJob();
    client.uploadBlob(quotaJob, buyer, file("q1", 60_000, 6));
    client.uploadBlob(quotaJob, buyer, file("q2", 60_000, 7));
    Path third = file("q3", 60_000, 8);

    GridworkClientException e =
        catchThrowableOfType(
            GridworkClientException.class, () -> client.uploadBlob(quotaJob, buyer, third));

    assertThat(e.code()).isEqualTo("BLOB_TOO_LARGE");
    assertThat(e.getMessage()).contains("maxJobBlobBytes");
    assertThat(client.blobSize(quotaJob, buyer, Hash.sha256(Files.readAllBytes(third)))).isEmpty();
  }

  @Test
  void uploadingABlobTheJobAlreadyHasDoesNotCountTwice() throws Exception {
    Hash quotaJob = createJob();
    Path same = file("same", 60_000, 9);

    for (int i = 0; i < 4; i++) {
      client.uploadBlob(quotaJob, buyer, same);
    }

    assertThat(client.uploadBlob(quotaJob, buyer, file("other", 60_000, 10))).isNotNull();
  }

  @Test
  void concurrentUploadsOfTheSameBlobAllSucceed() throws Exception {
    Path input = file("shared.bin", 50_000, 11);
    List<Future<Hash>> uploads = new ArrayList<>();

    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      for (int i = 0; i < 8; i++) {
        uploads.add(pool.submit(() -> client.uploadBlob(job, buyer, input)));
      }
    }

    Hash expected = Hash.sha256(Files.readAllBytes(input));
    for (Future<Hash> upload : uploads) {
      assertThat(upload.get()).isEqualTo(expected);
    }
    Path copy = work.resolve("shared-copy");
    assertThat(client.downloadBlob(job, buyer, expected, copy)).isTrue();
    assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(input));
    assertThat(tmpDir()).isEmptyDirectory();
  }

  @Test
  void anUploadWhoseConnectionDiesLeavesNothingVisible() throws Exception {
    Hash job = createJob();
    byte[] full = new byte[60_000];
    new Random(12).nextBytes(full);
    Hash hash = Hash.sha256(full);
    String signature =
        HexFormat.of().formatHex(BlobAuth.sign(buyer, TestChain.CHAIN_ID, job, hash));

    try (Socket socket = new Socket("127.0.0.1", node.apiPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("PUT /v1/blobs/"
                  + hash.toHex()
                  + " HTTP/1.1\r\n"
                  + "Host: 127.0.0.1\r\n"
                  + BlobRequestAuth.JOB_HEADER
                  + ": "
                  + job.toHex()
                  + "\r\n"
                  + BlobRequestAuth.SIGNER_HEADER
                  + ": "
                  + buyer.publicKey().toHex()
                  + "\r\n"
                  + BlobRequestAuth.SIGNATURE_HEADER
                  + ": "
                  + signature
                  + "\r\n"
                  + "Content-Length: "
                  + full.length
                  + "\r\n\r\n")
              .getBytes(US_ASCII));
      out.write(full, 0, 20_000);
      out.flush();
      await().atMost(TIMEOUT).until(() -> !isEmpty(tmpDir()));
    }

    await().atMost(TIMEOUT).until(() -> isEmpty(tmpDir()));
    assertThat(client.blobSize(job, buyer, hash)).isEmpty();
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  @Test
  void aDamagedBlobIsDiscardedByTheDownloadingClient() throws Exception {
    Path input = file("damaged.bin", 5_000, 13);
    Hash hash = client.uploadBlob(job, buyer, input);
    String hex = hash.toHex();
    Path stored =
        dataDir
            .resolve(NodeConfig.BLOB_DIR)
            .resolve("objects")
            .resolve(hex.substring(0, 2))
            .resolve(hex.substring(2, 4))
            .resolve(hex);
    byte[] damaged = Files.readAllBytes(stored);
    damaged[0] ^= 1;
    Files.write(stored, damaged);
    Path target = work.resolve("damaged-copy");

    GridworkClientException e =
        catchThrowableOfType(
            GridworkClientException.class, () -> client.downloadBlob(job, buyer, hash, target));

    assertThat(e.code()).isEqualTo("BLOB_HASH_MISMATCH");
    assertThat(target).doesNotExist();
    try (Stream<Path> left = Files.list(work)) {
      assertThat(left).noneMatch(p -> p.getFileName().toString().endsWith(".part"));
    }
  }

  @Test
  void badHashesInBlobRoutesAreBadRequests() throws Exception {
    HttpResponse<String> get =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/blobs/not-a-hash")).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> put =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/blobs/abc"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1}))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertProblem(get, 400, "BAD_HASH");
    assertProblem(put, 400, "BAD_HASH");
  }

  @Test
  void aBadJobIdOrSignerHeaderIsABadRequest() throws Exception {
    byte[] body = {14};
    Hash hash = Hash.sha256(body);
    HttpResponse<String> badJob =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/blobs/" + hash.toHex()))
                .header(BlobRequestAuth.JOB_HEADER, "job-1")
                .header(BlobRequestAuth.SIGNER_HEADER, buyer.publicKey().toHex())
                .header(BlobRequestAuth.SIGNATURE_HEADER, "00")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> badSigner =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/blobs/" + hash.toHex()))
                .header(BlobRequestAuth.JOB_HEADER, job.toHex())
                .header(BlobRequestAuth.SIGNER_HEADER, "zz")
                .header(BlobRequestAuth.SIGNATURE_HEADER, "00")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertProblem(badJob, 400, "BAD_JOB_ID");
    assertProblem(badSigner, 400, "BAD_SIGNER");
  }
}
