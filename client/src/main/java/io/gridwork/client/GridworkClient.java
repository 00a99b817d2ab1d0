package io.gridwork.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.gridwork.api.AccountInfo;
import io.gridwork.api.AuditInfo;
import io.gridwork.api.BidInfo;
import io.gridwork.api.BlockEvent;
import io.gridwork.api.BlockInfo;
import io.gridwork.api.ChainParams;
import io.gridwork.api.JobInfo;
import io.gridwork.api.LeaseInfo;
import io.gridwork.api.Lists;
import io.gridwork.api.NodeStatus;
import io.gridwork.api.ProviderInfo;
import io.gridwork.api.TxStatus;
import io.gridwork.api.UnitInfo;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.error.RejectCode;
import io.gridwork.protocol.market.JobStatus;
import io.gridwork.protocol.tx.SignedTransaction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The Java client of a Gridwork node's HTTP API. Rejections a caller must handle (a refused
 * transaction, an unknown account) are values; an unreachable or failing node is a {@link
 * GridworkClientException} that says which URL and what to do. Answers are the records of {@code
 * io.gridwork.api}, which the node writes. Thread-safe.
 */
public final class GridworkClient {
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
  private static final int UNITS_PAGE = 10_000;
  private static final int LIST_LIMIT = 1_000;

  private final NodeHttp http;
  private final TxSubmitter submitter;
  private final BlobTransfers blobs;
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
    String trimmed = baseUrl.replaceFirst("/+$", "").replaceFirst("/v1$", "");
    this.http = new NodeHttp(URI.create(trimmed));
    this.submitter = new TxSubmitter(http);
    this.blobs = new BlobTransfers(http, clock, this::chainId);
  }

  public URI baseUri() {
    return http.base();
  }

  public NodeStatus status() {
    return http.get("/v1/status", NodeStatus.class);
  }

  /** Submits one transaction; a refusal is a {@link SubmitResult.Rejected}, not an exception. */
  public SubmitResult submit(SignedTransaction tx) {
    return submit(tx.encode());
  }

  /** Submits one already encoded transaction. */
  public SubmitResult submit(byte[] encodedTx) {
    return submitter.submit(encodedTx);
  }

  /** Submits several transactions in one request; results are in the same order. */
  public List<SubmitResult> submitBatch(List<SignedTransaction> txs) {
    return submitter.submitBatch(txs);
  }

  /** Submits pre-encoded transactions in one request, so callers can encode outside a timing. */
  public List<SubmitResult> submitBatch(byte[][] encodedTxs) {
    return submitter.submitBatch(encodedTxs);
  }

  public TxStatus tx(Hash hash) {
    return http.read(http.ok(http.get("/v1/txs/" + hash.toHex())), TxStatus.class);
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
                + http.base()
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
              + http.base()
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
        && r.code() != RejectCode.DUPLICATE
        && r.code() != RejectCode.ALREADY_COMMITTED) {
      throw new GridworkClientException(
          "transaction "
              + tx.hash()
              + " vanished from the node at "
              + http.base()
              + " before it reached a block (the node restarted?) and cannot be sent again: "
              + r.code().name()
              + " "
              + r.message()
              + "; nothing it asked for was done, so sign and send it again",
          0,
          r.code().name(),
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
    return http.find("/v1/accounts/" + address, "ACCOUNT_NOT_FOUND", AccountInfo.class);
  }

  /** The provider registered at {@code address}, or empty. */
  public Optional<ProviderInfo> provider(Address address) {
    return http.find("/v1/providers/" + address, "PROVIDER_NOT_FOUND", ProviderInfo.class);
  }

  /** Every registered provider, ordered by address. */
  public List<ProviderInfo> providers() {
    return http.get("/v1/providers", Lists.Providers.class).providers();
  }

  /** The block at {@code height}, or empty when the chain is not that high yet. */
  public Optional<BlockInfo> block(long height) {
    NodeHttp.Response r = http.get("/v1/blocks/" + height);
    if (r.status() == 404 && "BLOCK_NOT_FOUND".equals(r.json().path("code").asText())) {
      return Optional.empty();
    }
    return Optional.of(http.read(http.ok(r), BlockInfo.class));
  }

  public BlockInfo latestBlock() {
    return http.read(http.ok(http.get("/v1/blocks/latest")), BlockInfo.class);
  }

  public ChainParams params() {
    return http.get("/v1/params", ChainParams.class);
  }

  // ---- marketplace

  /** The job with its spec, or empty when the node knows no such job. */
  public Optional<JobInfo> job(Hash jobId) {
    return http.find("/v1/jobs/" + jobId.toHex(), "JOB_NOT_FOUND", JobInfo.class);
  }

  /** The buyer's jobs, newest first (at most 1,000). */
  public List<JobInfo> jobs(Address buyer) {
    return jobList("/v1/jobs?buyer=" + buyer + "&limit=" + LIST_LIMIT);
  }

  /** The buyer's jobs in {@code status}, newest first (at most 1,000). */
  public List<JobInfo> jobs(Address buyer, JobStatus status) {
    return jobList("/v1/jobs?buyer=" + buyer + "&status=" + wire(status) + "&limit=" + LIST_LIMIT);
  }

  /** Jobs taking bids, newest first (at most 1,000): what providers may bid on. */
  public List<JobInfo> openJobs() {
    return jobList("/v1/jobs?limit=" + LIST_LIMIT);
  }

  private List<JobInfo> jobList(String path) {
    return http.get(path, Lists.Jobs.class).jobs();
  }

  /** The bids of the job's current auction round, ordered by provider address. */
  public List<BidInfo> bids(Hash jobId) {
    return http.get("/v1/jobs/" + jobId.toHex() + "/bids", Lists.Bids.class).bids();
  }

  /** Every lease the job has had, active and closed, ordered by lease id. */
  public List<LeaseInfo> leases(Hash jobId) {
    return leaseList("/v1/jobs/" + jobId.toHex() + "/leases");
  }

  /** The lease, or empty when the node knows no such lease. */
  public Optional<LeaseInfo> lease(Hash leaseId) {
    return http.find("/v1/leases/" + leaseId.toHex(), "LEASE_NOT_FOUND", LeaseInfo.class);
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
    return http.get(path, Lists.Leases.class).leases();
  }

  /** Every unit of a batch job in order (none for a service), fetched page by page. */
  public List<UnitInfo> units(Hash jobId) {
    List<UnitInfo> out = new ArrayList<>();
    while (true) {
      Lists.Units page =
          http.get(
              "/v1/jobs/" + jobId.toHex() + "/units?from=" + out.size() + "&limit=" + UNITS_PAGE,
              Lists.Units.class);
      out.addAll(page.units());
      if (page.units().isEmpty() || out.size() >= page.total()) {
        return out;
      }
    }
  }

  /** Every audit assignment of the job's units, by unit and oldest first within a unit. */
  public List<AuditInfo> audits(Hash jobId) {
    return http.get("/v1/jobs/" + jobId.toHex() + "/audits", Lists.Audits.class).audits();
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
    return blobs.uploadBlob(jobId, signer, file);
  }

  /**
   * The size of blob {@code hash} of job {@code jobId}, or empty when the node stores no such blob
   * for that job. {@code signer} must be the job's buyer, one of its providers or an auditor of one
   * of its units; anyone else gets a {@link GridworkClientException} with code {@code
   * BLOB_FORBIDDEN}.
   */
  public OptionalLong blobSize(Hash jobId, KeyPair signer, Hash hash) {
    return blobs.blobSize(jobId, signer, hash);
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
    return blobs.downloadBlob(jobId, signer, hash, target);
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

  private static String wire(JobStatus status) {
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
    return http.http();
  }

  URI uri(String path) {
    return http.uri(path);
  }

  GridworkClientException refused(String what, int status, byte[] body) {
    return http.refused(what, status, body);
  }

  BlockEvent blockEvent(String json) {
    try {
      return http.mapper().readValue(json, BlockEvent.class);
    } catch (JsonProcessingException e) {
      throw http.unreadable(e);
    }
  }
}
