package io.gridwork.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.BlobRequestAuth;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.spec.JobSpecYaml;
import io.gridwork.protocol.spec.SpecResult;
import io.gridwork.protocol.tx.SignedTransaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The Java client of a Gridwork node's HTTP API. Rejections a caller must handle (a refused
 * transaction, an unknown account) are values; an unreachable or failing node is a {@link
 * GridworkClientException} that says which URL and what to do. Thread-safe.
 */
public final class GridworkClient {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
  private static final Duration BLOB_TIMEOUT = Duration.ofMinutes(30);
  private static final int UNITS_PAGE = 10_000;
  private static final int LIST_LIMIT = 1_000;

  /**
   * Specs parsed lately, by their JSON text. Parsing and validating a spec costs more than fetching
   * the job, and many jobs share one spec (a provider agent reads every job posted; a render farm
   * posts the same spec over and over).
   */
  private static final int SPECS_KEPT = 256;

  private static final long ASK_FIRST_BYTES = 64 * 1024;

  private final URI base;
  private final HttpClient http;
  private final ObjectMapper mapper = new ObjectMapper();
  private final Map<String, JobSpec> parsedSpecs =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JobSpec> eldest) {
          return size() > SPECS_KEPT;
        }
      };
  private final InstantSource clock;
  private volatile String chainId;

  /**
   * A client of the node at {@code baseUrl}, its root ({@code http://host:port}); a URL ending in
   * the API's own {@code /v1} is taken to mean the same node.
   */
  public GridworkClient(String baseUrl) {
    this(baseUrl, InstantSource.system());
  }

  /** A client whose signed downloads carry the time {@code clock} tells. */
  public GridworkClient(String baseUrl, InstantSource clock) {
    this.clock = clock;
    String trimmed = baseUrl.replaceFirst("/+$", "").replaceFirst("/v1$", "");
    this.base = URI.create(trimmed);
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  public URI baseUri() {
    return base;
  }

  public NodeStatus status() {
    JsonNode n = ok(get("/v1/status"));
    return new NodeStatus(
        text(n, "chainId"),
        n.path("height").asLong(),
        hash(n, "latestBlockHash"),
        hash(n, "stateRoot"),
        n.path("latestBlockTimeMillis").asLong(),
        n.path("mempoolSize").asInt(),
        n.path("verificationPool").asLong());
  }

  /** Submits one transaction; a refusal is a {@link SubmitResult.Rejected}, not an exception. */
  public SubmitResult submit(SignedTransaction tx) {
    return submit(tx.encode());
  }

  /** Submits one already encoded transaction. */
  public SubmitResult submit(byte[] encodedTx) {
    ObjectNode body =
        mapper.createObjectNode().put("tx", Base64.getEncoder().encodeToString(encodedTx));
    Response r = send(post("/v1/txs", body));
    if (r.status() == 202) {
      return new SubmitResult.Accepted(hash(r.json(), "hash"));
    }
    if (r.status() >= 400 && r.status() < 500 || r.status() == 503) {
      JsonNode p = r.json();
      if (p.hasNonNull("code")) {
        Hash h = p.hasNonNull("hash") ? Hash.fromHex(p.get("hash").asText()) : null;
        return new SubmitResult.Rejected(h, p.get("code").asText(), p.path("detail").asText());
      }
    }
    throw failure(r);
  }

  /** Submits several transactions in one request; results are in the same order. */
  public List<SubmitResult> submitBatch(List<SignedTransaction> txs) {
    List<byte[]> encoded = new ArrayList<>(txs.size());
    for (SignedTransaction tx : txs) {
      encoded.add(tx.encode());
    }
    return postBatch(encoded);
  }

  /** Submits pre-encoded transactions in one request, so callers can encode outside a timing. */
  public List<SubmitResult> submitBatch(byte[][] encodedTxs) {
    return postBatch(List.of(encodedTxs));
  }

  /**
   * Sends the batch in the binary form (each transaction length-prefixed), which spares both sides
   * the base64 and JSON work that dominates a large JSON batch.
   */
  private List<SubmitResult> postBatch(List<byte[]> encodedTxs) {
    int size = 0;
    for (byte[] tx : encodedTxs) {
      size = Math.addExact(size, Integer.BYTES + tx.length);
    }
    ByteBuffer body = ByteBuffer.allocate(size);
    for (byte[] tx : encodedTxs) {
      body.putInt(tx.length).put(tx);
    }
    HttpRequest request =
        HttpRequest.newBuilder(uri("/v1/txs/batch"))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/octet-stream")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.array()))
            .build();
    JsonNode n = ok(send(request));
    List<SubmitResult> out = new ArrayList<>(encodedTxs.size());
    for (JsonNode e : n.path("results")) {
      Hash h = e.hasNonNull("hash") ? Hash.fromHex(e.get("hash").asText()) : null;
      out.add(
          e.path("accepted").asBoolean()
              ? new SubmitResult.Accepted(h)
              : new SubmitResult.Rejected(h, e.path("code").asText(), e.path("message").asText()));
    }
    return out;
  }

  public TxStatus tx(Hash hash) {
    JsonNode n = ok(get("/v1/txs/" + hash.toHex()));
    TxStatus.State state =
        switch (n.path("status").asText()) {
          case "pending" -> TxStatus.State.PENDING;
          case "committed" -> TxStatus.State.COMMITTED;
          default -> TxStatus.State.UNKNOWN;
        };
    TxStatus.Commit commit =
        state == TxStatus.State.COMMITTED
            ? new TxStatus.Commit(
                n.path("height").asLong(),
                n.path("index").asInt(),
                text(n, "code"),
                text(n, "message"),
                n.path("feeCharged").asLong(),
                events(n.path("events")))
            : null;
    TxInfo tx = n.hasNonNull("tx") ? txInfo(n.get("tx")) : null;
    return new TxStatus(hash, state, commit, tx);
  }

  /**
   * Polls until {@code hash} is committed and returns its status; throws {@link
   * GridworkClientException} if it is not committed within {@code timeout}.
   */
  public TxStatus awaitCommitted(Hash hash, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      TxStatus s = tx(hash);
      if (s.committed()) {
        return s;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new GridworkClientException(
            "transaction "
                + hash
                + " is still "
                + s.state().name().toLowerCase(java.util.Locale.ROOT)
                + " at "
                + base
                + " after "
                + timeout.toMillis()
                + " ms; check `gridwork tx status` later or that the node is producing blocks",
            0,
            null,
            null);
      }
      try {
        Thread.sleep(POLL_INTERVAL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GridworkClientException(
            "interrupted while waiting for transaction " + hash, 0, null, e);
      }
    }
  }

  /**
   * Waits until {@code tx}, which the node accepted, is committed, and returns its status. A node
   * that restarts meanwhile forgets its mempool: while the node cannot be reached it is asked
   * again, and a transaction it no longer knows is sent again with the same bytes, which stay valid
   * while its nonce is still the account's next. Throws {@link GridworkClientException} saying so
   * when it cannot be sent again (another transaction took its nonce) or it is not committed within
   * {@code timeout}.
   */
  public TxStatus awaitCommitted(SignedTransaction tx, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    Hash hash = tx.hash();
    GridworkClientException unreachable = null;
    while (Instant.now().isBefore(deadline)) {
      try {
        TxStatus s = tx(hash);
        unreachable = null;
        if (s.committed()) {
          return s;
        }
        if (s.state() == TxStatus.State.UNKNOWN) {
          sendAgain(tx);
        }
      } catch (GridworkClientException e) {
        if (e.status() != 0 || !(e.getCause() instanceof IOException)) {
          throw e;
        }
        unreachable = e;
      }
      pause(hash);
    }
    if (unreachable != null) {
      throw new GridworkClientException(
          "transaction "
              + hash
              + " was accepted, but the node at "
              + base
              + " has not answered since; once it is back, look it up with `gridwork query tx "
              + hash
              + "` ("
              + unreachable.getMessage()
              + ")",
          0,
          null,
          unreachable);
    }
    return awaitCommitted(hash, Duration.ZERO);
  }

  /**
   * Sends again a transaction the node lost; a refusal other than "it is there already" ends it.
   */
  private void sendAgain(SignedTransaction tx) {
    if (submit(tx) instanceof SubmitResult.Rejected r
        && !"DUPLICATE".equals(r.code())
        && !"ALREADY_COMMITTED".equals(r.code())) {
      throw new GridworkClientException(
          "transaction "
              + tx.hash()
              + " vanished from the node at "
              + base
              + " before it reached a block (the node restarted?) and cannot be sent again: "
              + r.code()
              + " "
              + r.message()
              + "; nothing it asked for was done, so sign and send it again",
          0,
          r.code(),
          null);
    }
  }

  private static void pause(Hash hash) {
    try {
      Thread.sleep(POLL_INTERVAL);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GridworkClientException(
          "interrupted while waiting for transaction " + hash, 0, null, e);
    }
  }

  /** The account, or empty when it has never held funds. */
  public Optional<AccountInfo> account(Address address) {
    Response r = get("/v1/accounts/" + address);
    if (r.status() == 404 && "ACCOUNT_NOT_FOUND".equals(r.json().path("code").asText())) {
      return Optional.empty();
    }
    JsonNode n = ok(r);
    return Optional.of(
        new AccountInfo(
            Address.parse(text(n, "address")),
            n.path("balance").asLong(),
            text(n, "balanceText"),
            n.path("nonce").asLong()));
  }

  /** The provider registered at {@code address}, or empty. */
  public Optional<ProviderInfo> provider(Address address) {
    Response r = get("/v1/providers/" + address);
    if (r.status() == 404 && "PROVIDER_NOT_FOUND".equals(r.json().path("code").asText())) {
      return Optional.empty();
    }
    return Optional.of(providerInfo(ok(r)));
  }

  /** Every registered provider, ordered by address. */
  public List<ProviderInfo> providers() {
    List<ProviderInfo> out = new ArrayList<>();
    for (JsonNode p : ok(get("/v1/providers")).path("providers")) {
      out.add(providerInfo(p));
    }
    return out;
  }

  /** The block at {@code height}, or empty when the chain is not that high yet. */
  public Optional<BlockInfo> block(long height) {
    Response r = get("/v1/blocks/" + height);
    if (r.status() == 404 && "BLOCK_NOT_FOUND".equals(r.json().path("code").asText())) {
      return Optional.empty();
    }
    return Optional.of(blockInfo(ok(r)));
  }

  public BlockInfo latestBlock() {
    return blockInfo(ok(get("/v1/blocks/latest")));
  }

  public ChainParams params() {
    JsonNode n = ok(get("/v1/params"));
    try {
      // The node's view also carries each amount as text for people; the record takes the numbers.
      return mapper
          .readerFor(ChainParams.class)
          .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .readValue(n);
    } catch (IOException e) {
      throw new GridworkClientException(
          base + "/v1/params does not match this client: " + e.getMessage(), 0, null, e);
    }
  }

  // ---- marketplace

  /** The job with its spec, or empty when the node knows no such job. */
  public Optional<JobInfo> job(Hash jobId) {
    Response r = get("/v1/jobs/" + jobId.toHex());
    if (r.status() == 404 && "JOB_NOT_FOUND".equals(r.json().path("code").asText())) {
      return Optional.empty();
    }
    return Optional.of(jobInfo(ok(r)));
  }

  /** The buyer's jobs, newest first (at most 1,000). */
  public List<JobInfo> jobs(Address buyer) {
    return jobList("/v1/jobs?buyer=" + buyer + "&limit=" + LIST_LIMIT);
  }

  /** The buyer's jobs in {@code status}, newest first (at most 1,000). */
  public List<JobInfo> jobs(Address buyer, JobInfo.Status status) {
    return jobList("/v1/jobs?buyer=" + buyer + "&status=" + wire(status) + "&limit=" + LIST_LIMIT);
  }

  /** Jobs taking bids, newest first (at most 1,000): what providers may bid on. */
  public List<JobInfo> openJobs() {
    return jobList("/v1/jobs?limit=" + LIST_LIMIT);
  }

  private List<JobInfo> jobList(String path) {
    List<JobInfo> out = new ArrayList<>();
    for (JsonNode j : ok(get(path)).path("jobs")) {
      out.add(jobInfo(j));
    }
    return out;
  }

  /** The bids of the job's current auction round, ordered by provider address. */
  public List<BidInfo> bids(Hash jobId) {
    List<BidInfo> out = new ArrayList<>();
    for (JsonNode b : ok(get("/v1/jobs/" + jobId.toHex() + "/bids")).path("bids")) {
      out.add(
          new BidInfo(
              hash(b, "jobId"),
              address(b, "provider"),
              b.path("price").asLong(),
              text(b, "gpuModel"),
              b.path("gpuCount").asInt(),
              b.path("maxUnits").asInt(),
              b.path("collateral").asLong(),
              b.path("placedHeight").asLong()));
    }
    return out;
  }

  /** Every lease the job has had, active and closed, ordered by lease id. */
  public List<LeaseInfo> leases(Hash jobId) {
    return leaseList("/v1/jobs/" + jobId.toHex() + "/leases");
  }

  /** The lease, or empty when the node knows no such lease. */
  public Optional<LeaseInfo> lease(Hash leaseId) {
    Response r = get("/v1/leases/" + leaseId.toHex());
    if (r.status() == 404 && "LEASE_NOT_FOUND".equals(r.json().path("code").asText())) {
      return Optional.empty();
    }
    return Optional.of(leaseInfo(ok(r)));
  }

  /** Every lease the provider has held, newest first (at most 1,000). */
  public List<LeaseInfo> providerLeases(Address provider) {
    return leaseList("/v1/providers/" + provider + "/leases?limit=" + LIST_LIMIT);
  }

  /** The provider's active leases, newest first (at most 1,000); suspended ones are not. */
  public List<LeaseInfo> activeLeases(Address provider) {
    return leaseList("/v1/providers/" + provider + "/leases?status=active&limit=" + LIST_LIMIT);
  }

  /**
   * The provider's leases not closed, active or suspended, newest first (at most 1,000): those it
   * must keep running and heartbeating.
   */
  public List<LeaseInfo> openLeases(Address provider) {
    return leaseList("/v1/providers/" + provider + "/leases?status=open&limit=" + LIST_LIMIT);
  }

  private List<LeaseInfo> leaseList(String path) {
    List<LeaseInfo> out = new ArrayList<>();
    for (JsonNode l : ok(get(path)).path("leases")) {
      out.add(leaseInfo(l));
    }
    return out;
  }

  /** Every unit of a batch job in order (none for a service), fetched page by page. */
  public List<UnitInfo> units(Hash jobId) {
    List<UnitInfo> out = new ArrayList<>();
    while (true) {
      JsonNode page =
          ok(
              get(
                  "/v1/jobs/"
                      + jobId.toHex()
                      + "/units?from="
                      + out.size()
                      + "&limit="
                      + UNITS_PAGE));
      for (JsonNode u : page.path("units")) {
        out.add(unitInfo(u));
      }
      if (page.path("units").isEmpty() || out.size() >= page.path("total").asInt()) {
        return out;
      }
    }
  }

  /** Every audit assignment of the job's units, by unit and oldest first within a unit. */
  public List<AuditInfo> audits(Hash jobId) {
    List<AuditInfo> out = new ArrayList<>();
    for (JsonNode a : ok(get("/v1/jobs/" + jobId.toHex() + "/audits")).path("audits")) {
      out.add(auditInfo(a));
    }
    return out;
  }

  // ---- blobs

  /**
   * Uploads {@code file} to the node's blob store for {@code jobId}, signed by {@code signer} (the
   * job's buyer or a provider holding one of its leases), and returns its SHA-256. The file is
   * streamed, never held in memory. A refusal (not allowed, too large) is a {@link
   * GridworkClientException} with the node's code.
   *
   * <p>A file over {@link #ASK_FIRST_BYTES} is sent with "Expect: 100-continue", so a refusal comes
   * before the upload; a smaller one costs less to send than the extra round trip.
   */
  public Hash uploadBlob(Hash jobId, KeyPair signer, Path file) {
    Hash hash = sha256(file);
    byte[] signature = BlobAuth.sign(signer, chainId(), jobId, hash);
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(uri("/v1/blobs/" + hash.toHex()))
              .timeout(BLOB_TIMEOUT)
              .expectContinue(Files.size(file) > ASK_FIRST_BYTES)
              .header("Content-Type", "application/octet-stream")
              .header("Accept", "application/json")
              .header(BlobRequestAuth.JOB_HEADER, jobId.toHex())
              .header(BlobRequestAuth.SIGNER_HEADER, signer.publicKey().toHex())
              .header(BlobRequestAuth.SIGNATURE_HEADER, HexFormat.of().formatHex(signature))
              .PUT(HttpRequest.BodyPublishers.ofFile(file))
              .build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    ok(send(request));
    return hash;
  }

  /**
   * The size of blob {@code hash} of job {@code jobId}, or empty when the node stores no such blob
   * for that job. {@code signer} must be the job's buyer, one of its providers or an auditor of one
   * of its units; anyone else gets a {@link GridworkClientException} with code {@code
   * BLOB_FORBIDDEN}.
   */
  public OptionalLong blobSize(Hash jobId, KeyPair signer, Hash hash) {
    HttpResponse<Void> r =
        exchange(
            signedDownload(jobId, signer, hash)
                .timeout(REQUEST_TIMEOUT)
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding());
    if (r.statusCode() == 404) {
      return OptionalLong.empty();
    }
    if (r.statusCode() != 200) {
      // A HEAD answer has no body, so the code comes from the status alone.
      ObjectNode problem = mapper.createObjectNode();
      if (r.statusCode() == 403) {
        problem.put("code", "BLOB_FORBIDDEN");
      }
      throw failure(new Response(r.statusCode(), problem));
    }
    return OptionalLong.of(r.headers().firstValueAsLong("Content-Length").orElse(0));
  }

  /**
   * Downloads blob {@code hash} of job {@code jobId} to {@code target}, checking that what arrived
   * has that SHA-256; the file appears only once checked. The request is signed by {@code signer},
   * who must be the job's buyer, a provider with a lease of it or an auditor of one of its units.
   * Returns false when the node stores no such blob for the job (never uploaded, or deleted after
   * the node's retention period). A refusal is a {@link GridworkClientException} with the node's
   * code ({@code BLOB_FORBIDDEN}); a body with another hash is discarded and one with code {@code
   * BLOB_HASH_MISMATCH} thrown.
   */
  public boolean downloadBlob(Hash jobId, KeyPair signer, Hash hash, Path target) {
    HttpResponse<InputStream> r =
        exchange(
            signedDownload(jobId, signer, hash).timeout(BLOB_TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = r.body()) {
      if (r.statusCode() != 200) {
        Response answer = response(r.statusCode(), body.readAllBytes());
        if (r.statusCode() == 404 && "BLOB_NOT_FOUND".equals(answer.json().path("code").asText())) {
          return false;
        }
        throw failure(answer);
      }
      Path dir = target.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
      try {
        MessageDigest digest = Hash.digest();
        try (OutputStream out = Files.newOutputStream(temp)) {
          byte[] buffer = new byte[64 * 1024];
          for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
            digest.update(buffer, 0, n);
            out.write(buffer, 0, n);
          }
        }
        Hash actual = new Hash(digest.digest());
        if (!actual.equals(hash)) {
          throw new GridworkClientException(
              "blob "
                  + hash
                  + " from "
                  + base
                  + " arrived with SHA-256 "
                  + actual
                  + "; it was discarded. The node's copy is damaged: fetch it from another node",
              r.statusCode(),
              "BLOB_HASH_MISMATCH",
              null);
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        return true;
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new GridworkClientException(
          "downloading blob " + hash + " from " + base + " to " + target + " failed: " + e,
          0,
          null,
          e);
    }
  }

  private HttpRequest.Builder signedDownload(Hash jobId, KeyPair signer, Hash hash) {
    long now = clock.instant().getEpochSecond();
    byte[] signature = BlobAuth.signDownload(signer, chainId(), jobId, hash, now);
    return HttpRequest.newBuilder(uri("/v1/blobs/" + hash.toHex()))
        .header(BlobRequestAuth.JOB_HEADER, jobId.toHex())
        .header(BlobRequestAuth.SIGNER_HEADER, signer.publicKey().toHex())
        .header(BlobRequestAuth.TIME_HEADER, Long.toString(now))
        .header(BlobRequestAuth.SIGNATURE_HEADER, HexFormat.of().formatHex(signature));
  }

  private static Hash sha256(Path file) {
    MessageDigest digest = Hash.digest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return new Hash(digest.digest());
  }

  /** The node's chain id, asked once: upload signatures are bound to it. */
  private String chainId() {
    String id = chainId;
    if (id == null) {
      id = status().chainId();
      chainId = id;
    }
    return id;
  }

  private static String wire(JobInfo.Status status) {
    return status.name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Streams every block from {@code fromHeight} on, in order, to {@code consumer} on a background
   * thread. A dropped connection is re-opened from the next height, so no block is skipped or
   * repeated. Closing the returned handle stops the stream; if the node refuses the stream or
   * {@code consumer} throws, the stream stops and the exception goes to the thread's uncaught
   * exception handler. Use {@link #events(long, Consumer, Consumer)} to handle that yourself.
   */
  public AutoCloseable events(long fromHeight, Consumer<BlockEvent> consumer) {
    return events(
        fromHeight,
        consumer,
        e -> {
          Thread t = Thread.currentThread();
          t.getUncaughtExceptionHandler().uncaughtException(t, e);
        });
  }

  /**
   * Like {@link #events(long, Consumer)}, but a stream that ends for good (the node refused it with
   * an HTTP 4xx, or {@code consumer} threw) hands the reason to {@code onFailure} on the stream's
   * thread; the stream delivers nothing after that.
   */
  public AutoCloseable events(
      long fromHeight, Consumer<BlockEvent> consumer, Consumer<RuntimeException> onFailure) {
    return EventSubscription.start(this, fromHeight, consumer, onFailure);
  }

  // ---- plumbing shared with EventSubscription

  HttpClient http() {
    return http;
  }

  URI uri(String path) {
    return URI.create(base + path);
  }

  /**
   * The node's refusal of {@code what} in one line: its problem code and detail (or title) when the
   * body is a problem document, else the body's first line.
   */
  GridworkClientException refused(String what, int status, byte[] body) {
    String code = null;
    String detail;
    try {
      JsonNode p = body.length == 0 ? mapper.createObjectNode() : mapper.readTree(body);
      code = p.hasNonNull("code") ? p.get("code").asText() : null;
      detail = p.path("detail").asText(p.path("title").asText(""));
    } catch (IOException e) {
      detail = new String(body, StandardCharsets.UTF_8).strip().lines().findFirst().orElse("");
    }
    return new GridworkClientException(
        "the node at "
            + base
            + " refused "
            + what
            + " (HTTP "
            + status
            + (code == null ? "" : " " + code)
            + (detail.isEmpty() ? "" : ": " + detail)
            + ")",
        status,
        code,
        null);
  }

  BlockEvent blockEvent(String json) {
    JsonNode n;
    try {
      n = mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw unreadable(e);
    }
    List<BlockEvent.TxEvents> txs = new ArrayList<>();
    for (JsonNode t : n.path("txs")) {
      txs.add(new BlockEvent.TxEvents(hash(t, "hash"), text(t, "code"), events(t.path("events"))));
    }
    return new BlockEvent(
        n.path("height").asLong(),
        hash(n, "hash"),
        n.path("timeMillis").asLong(),
        txs,
        events(n.path("blockEvents")));
  }

  GridworkClientException unreachable(Exception e) {
    return new GridworkClientException(
        "cannot reach the Gridwork node at "
            + base
            + " ("
            + e
            + "); is the node running? start it with `gridwork node start`",
        0,
        null,
        e);
  }

  GridworkClientException unreadable(Exception e) {
    return new GridworkClientException(
        "the node at "
            + base
            + " sent an answer this client cannot read ("
            + e.getMessage()
            + "); are client and node the same version?",
        0,
        null,
        e);
  }

  // ---- HTTP

  private record Response(int status, JsonNode json) {}

  private Response get(String path) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/json")
            .GET()
            .build());
  }

  private HttpRequest post(String path, JsonNode body) {
    try {
      return HttpRequest.newBuilder(uri(path))
          .timeout(REQUEST_TIMEOUT)
          .header("Content-Type", "application/json")
          .header("Accept", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)))
          .build();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a request body", e);
    }
  }

  private Response send(HttpRequest request) {
    HttpResponse<byte[]> response = exchange(request, HttpResponse.BodyHandlers.ofByteArray());
    return response(response.statusCode(), response.body());
  }

  private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(request, handler);
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GridworkClientException(
          "interrupted while talking to the node at " + base, 0, null, e);
    }
  }

  private Response response(int status, byte[] body) {
    JsonNode json;
    try {
      json = body.length == 0 ? mapper.createObjectNode() : mapper.readTree(body);
    } catch (IOException e) {
      if (status >= 500) {
        return new Response(status, mapper.createObjectNode());
      }
      throw unreadable(e);
    }
    return new Response(status, json);
  }

  private JsonNode ok(Response r) {
    if (r.status() >= 200 && r.status() < 300) {
      return r.json();
    }
    throw failure(r);
  }

  private GridworkClientException failure(Response r) {
    String code = r.json().hasNonNull("code") ? r.json().get("code").asText() : null;
    String detail = r.json().path("detail").asText("");
    if (r.status() >= 500) {
      return new GridworkClientException(
          "the Gridwork node at "
              + base
              + " failed (HTTP "
              + r.status()
              + (detail.isEmpty() ? "" : ": " + detail)
              + "); check the node's log, or restart it with `gridwork node start`",
          r.status(),
          code,
          null);
    }
    return new GridworkClientException(
        "the Gridwork node at "
            + base
            + " refused the request (HTTP "
            + r.status()
            + (code == null ? "" : " " + code)
            + (detail.isEmpty() ? "" : ": " + detail)
            + ")",
        r.status(),
        code,
        null);
  }

  // ---- JSON to records

  private String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw unreadable(new IllegalArgumentException("missing field '" + field + "'"));
    }
    return v.asText();
  }

  private Hash hash(JsonNode n, String field) {
    try {
      return Hash.fromHex(text(n, field));
    } catch (IllegalArgumentException e) {
      throw unreadable(e);
    }
  }

  private static List<EventInfo> events(JsonNode arr) {
    List<EventInfo> out = new ArrayList<>();
    for (JsonNode e : arr) {
      Map<String, String> attrs = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> a : e.path("attributes").properties()) {
        attrs.put(a.getKey(), a.getValue().asText());
      }
      out.add(new EventInfo(e.path("type").asText(), attrs));
    }
    return out;
  }

  private Address address(JsonNode n, String field) {
    try {
      return Address.parse(text(n, field));
    } catch (IllegalArgumentException e) {
      throw unreadable(e);
    }
  }

  private Hash optionalHash(JsonNode n, String field) {
    return n.hasNonNull(field) ? hash(n, field) : null;
  }

  private JobInfo jobInfo(JsonNode n) {
    JsonNode u = n.get("units");
    JobInfo.Units units =
        u == null || u.isNull()
            ? null
            : new JobInfo.Units(
                u.path("total").asInt(),
                u.path("pending").asInt(),
                u.path("leased").asInt(),
                u.path("done").asInt());
    JobInfo.Status status;
    try {
      status = JobInfo.Status.valueOf(text(n, "status"));
    } catch (IllegalArgumentException e) {
      throw unreadable(e);
    }
    return new JobInfo(
        hash(n, "id"),
        address(n, "buyer"),
        text(n, "name"),
        text(n, "kind"),
        status,
        n.hasNonNull("closeReason") ? n.get("closeReason").asText() : null,
        n.path("createdHeight").asLong(),
        n.path("closedHeight").asLong(),
        n.path("biddingClosesAt").asLong(),
        n.path("auctionRound").asInt(),
        n.path("deposited").asLong(),
        n.path("escrow").asLong(),
        n.path("activeLeases").asInt(),
        units,
        n.hasNonNull("spec") ? spec(n.get("spec")) : null);
  }

  /**
   * The node sends the spec in the shape of its YAML form, which JSON already is. A spec is
   * immutable, so one parsed before is handed out again.
   */
  private JobSpec spec(JsonNode n) {
    String text = n.toString();
    synchronized (parsedSpecs) {
      JobSpec known = parsedSpecs.get(text);
      if (known != null) {
        return known;
      }
    }
    JobSpec spec =
        switch (JobSpecYaml.parse(text)) {
          case SpecResult.Valid v -> v.spec();
          case SpecResult.Invalid i ->
              throw unreadable(new IllegalArgumentException("job spec: " + i.errors()));
        };
    synchronized (parsedSpecs) {
      parsedSpecs.put(text, spec);
    }
    return spec;
  }

  private LeaseInfo leaseInfo(JsonNode n) {
    return new LeaseInfo(
        hash(n, "id"),
        hash(n, "jobId"),
        address(n, "provider"),
        text(n, "kind"),
        text(n, "status"),
        n.hasNonNull("closeReason") ? n.get("closeReason").asText() : null,
        n.path("price").asLong(),
        text(n, "gpuModel"),
        n.path("gpuCount").asInt(),
        n.path("collateral").asLong(),
        n.path("openedHeight").asLong(),
        n.path("closedHeight").asLong(),
        n.path("unitsAssigned").asInt(),
        n.path("unitsDone").asInt(),
        n.path("ratePerBlock").asLong(),
        n.path("lastSettledHeight").asLong(),
        n.path("exhaustionHeight").asLong(),
        n.path("lastHeartbeatHeight").asLong(),
        n.path("paid").asLong(),
        n.path("heartbeats").asLong(),
        n.path("heartbeatDueHeight").asLong(),
        n.path("slaStake").asLong(),
        n.path("billingSince").asLong());
  }

  private UnitInfo unitInfo(JsonNode n) {
    UnitInfo.State state;
    UnitInfo.Status status;
    try {
      state = UnitInfo.State.valueOf(text(n, "state"));
      status = UnitInfo.Status.valueOf(text(n, "status"));
    } catch (IllegalArgumentException e) {
      throw unreadable(e);
    }
    List<AuditInfo> audits = new ArrayList<>();
    for (JsonNode a : n.path("audits")) {
      audits.add(auditInfo(a));
    }
    return new UnitInfo(
        n.path("unit").asInt(),
        state,
        status,
        optionalHash(n, "leaseId"),
        n.hasNonNull("provider") ? address(n, "provider") : null,
        n.path("leasedAtHeight").asLong(),
        optionalHash(n, "outputHash"),
        n.path("reportedHeight").asLong(),
        n.path("finalAt").asLong(),
        n.hasNonNull("checkpoint") ? unitCheckpoint(n.get("checkpoint")) : null,
        audits);
  }

  private AuditInfo auditInfo(JsonNode n) {
    return new AuditInfo(
        hash(n, "jobId"),
        n.path("unit").asInt(),
        n.path("round").asInt(),
        n.path("attempt").asInt(),
        hash(n, "leaseId"),
        address(n, "provider"),
        address(n, "auditor"),
        text(n, "status"),
        hash(n, "expected"),
        optionalHash(n, "output"),
        n.path("reward").asLong(),
        n.path("assignedHeight").asLong(),
        n.path("deadline").asLong());
  }

  private UnitInfo.Checkpoint unitCheckpoint(JsonNode n) {
    return new UnitInfo.Checkpoint(
        hash(n, "hash"), n.path("height").asLong(), address(n, "provider"));
  }

  private TxInfo txInfo(JsonNode n) {
    @SuppressWarnings("unchecked")
    Map<String, Object> body = mapper.convertValue(n.path("body"), Map.class);
    return new TxInfo(
        Address.parse(text(n, "sender")),
        n.path("nonce").asLong(),
        n.path("fee").asLong(),
        text(n, "kind"),
        text(n, "chainId"),
        body == null ? Map.of() : body);
  }

  private ProviderInfo providerInfo(JsonNode n) {
    List<ProviderInfo.Gpu> gpus = new ArrayList<>();
    for (JsonNode g : n.path("gpus")) {
      gpus.add(
          new ProviderInfo.Gpu(
              g.path("model").asText(), g.path("vramMib").asInt(), g.path("count").asInt()));
    }
    Map<String, String> attrs = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> a : n.path("attributes").properties()) {
      attrs.put(a.getKey(), a.getValue().asText());
    }
    return new ProviderInfo(
        Address.parse(text(n, "address")),
        gpus,
        text(n, "region"),
        text(n, "tier"),
        attrs,
        n.path("stake").asLong(),
        n.path("unbonding").asLong(),
        n.path("registeredAtHeight").asLong(),
        text(n, "status"),
        reputation(n.path("reputation")),
        n.path("auditRatePpm").asLong(),
        n.path("slaCommitted").asLong());
  }

  private static ProviderInfo.Reputation reputation(JsonNode n) {
    return new ProviderInfo.Reputation(
        n.path("score").asInt(),
        n.path("heartbeatsReceived").asLong(),
        n.path("heartbeatsExpected").asLong(),
        n.path("unitsCompleted").asLong(),
        n.path("unitsAbandoned").asLong(),
        n.path("auditsPassed").asLong(),
        n.path("auditsFailed").asLong(),
        n.path("auditsAbandoned").asLong(),
        n.path("consecutiveVerified").asLong(),
        n.path("slashes").asLong());
  }

  private BlockInfo blockInfo(JsonNode n) {
    List<BlockInfo.Tx> txs = new ArrayList<>();
    for (JsonNode t : n.path("txs")) {
      txs.add(new BlockInfo.Tx(hash(t, "hash"), text(t, "code")));
    }
    return new BlockInfo(
        n.path("height").asLong(),
        hash(n, "hash"),
        text(n, "chainId"),
        n.path("timestampMillis").asLong(),
        hash(n, "previousHash"),
        hash(n, "txRoot"),
        hash(n, "resultsHash"),
        hash(n, "stateRoot"),
        txs,
        events(n.path("blockEvents")));
  }
}
