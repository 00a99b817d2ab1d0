package io.gridwork.node.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridwork.chain.audit.AuditRecord;
import io.gridwork.chain.audit.Audits;
import io.gridwork.chain.bank.Account;
import io.gridwork.chain.bank.Bank;
import io.gridwork.chain.genesis.Params;
import io.gridwork.chain.market.Job;
import io.gridwork.chain.market.JobStatus;
import io.gridwork.chain.market.Lease;
import io.gridwork.chain.market.LeaseStatus;
import io.gridwork.chain.market.Market;
import io.gridwork.chain.market.UnitState;
import io.gridwork.chain.staking.Staking;
import io.gridwork.chain.state.ReadableState;
import io.gridwork.node.api.Views.AccountView;
import io.gridwork.node.api.Views.AuditView;
import io.gridwork.node.api.Views.AuditsView;
import io.gridwork.node.api.Views.BatchEntryView;
import io.gridwork.node.api.Views.BatchView;
import io.gridwork.node.api.Views.BidView;
import io.gridwork.node.api.Views.BidsView;
import io.gridwork.node.api.Views.BlockView;
import io.gridwork.node.api.Views.JobView;
import io.gridwork.node.api.Views.JobsView;
import io.gridwork.node.api.Views.LeaseView;
import io.gridwork.node.api.Views.LeasesView;
import io.gridwork.node.api.Views.ParamsView;
import io.gridwork.node.api.Views.ProviderView;
import io.gridwork.node.api.Views.ProvidersView;
import io.gridwork.node.api.Views.StatusView;
import io.gridwork.node.api.Views.SubmitView;
import io.gridwork.node.api.Views.TxStatusView;
import io.gridwork.node.api.Views.UnitView;
import io.gridwork.node.api.Views.UnitsView;
import io.gridwork.node.blob.BlobRetention;
import io.gridwork.node.blob.BlobStore;
import io.gridwork.node.consensus.BlockFeed;
import io.gridwork.node.consensus.CommittedBlock;
import io.gridwork.node.mempool.Admission;
import io.gridwork.node.mempool.Mempool;
import io.gridwork.node.mempool.RejectCode;
import io.gridwork.node.metrics.NodeMetrics;
import io.gridwork.node.storage.ChainHead;
import io.gridwork.node.storage.ChainStore;
import io.gridwork.node.storage.CommittedTx;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.protocol.tx.TxCodec;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Connector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP API under {@code /v1} plus {@code /metrics}: thin routes over the store, the
 * mempool and the block feed. Handlers run on virtual threads. Every failure answers {@code
 * application/problem+json}; nothing a client sends can stop the node.
 */
public final class NodeApi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeApi.class);
  private static final String JSON = "application/json";
  private static final String PROBLEM_JSON = "application/problem+json";
  private static final String PROBLEM_ATTRIBUTE = "gridwork.problem";

  /** A single transaction body: base64 of the largest transaction plus JSON framing. */
  static final int MAX_TX_BODY_BYTES = 4 * TxCodec.MAX_TX_BYTES / 3 + 1024;

  /** Transfers are ~200 bytes; this admits full batches of them with room to spare. */
  static final int MAX_BATCH_BODY_BYTES = 64 * 1024 * 1024;

  static final int DEFAULT_LIST_LIMIT = 100;
  static final int MAX_LIST_LIMIT = 1_000;
  static final int DEFAULT_UNITS_LIMIT = 1_000;
  static final int MAX_UNITS_LIMIT = 10_000;

  private final ChainStore store;
  private final Mempool mempool;
  private final Supplier<ChainHead> head;
  private final NodeMetrics metrics;
  private final String chainId;
  private final BatchAdapter batches;
  private final EventStream events;
  private final BlobRoutes blobs;
  private final ObjectMapper mapper =
      new ObjectMapper().setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);
  private final byte[] openApi;
  private final SlowRequestGuard slowRequests;
  private final Javalin app;

  public NodeApi(
      ChainStore store,
      Mempool mempool,
      Supplier<ChainHead> head,
      BlockFeed feed,
      NodeMetrics metrics,
      String chainId,
      int maxBatchTxs,
      BlobStore blobStore,
      BlobRetention retention,
      InstantSource clock,
      long requestHeaderTimeoutMillis,
      long minRequestBytesPerSecond) {
    this.store = store;
    this.mempool = mempool;
    this.head = head;
    this.metrics = metrics;
    this.chainId = chainId;
    this.batches = new BatchAdapter(maxBatchTxs);
    this.events = new EventStream(store, head, feed, mapper);
    this.blobs = new BlobRoutes(blobStore, retention, store, chainId, clock, mapper);
    this.openApi = loadOpenApi();
    this.slowRequests =
        new SlowRequestGuard(requestHeaderTimeoutMillis, minRequestBytesPerSecond, clock);
    ProblemErrorHandler jettyErrors = new ProblemErrorHandler(mapper);
    this.app =
        Javalin.create(
            config -> {
              config.jetty.modifyServer(
                  server -> {
                    server.setErrorHandler(jettyErrors);
                    // Javalin puts its servlet context inside this wrapper.
                    server.setHandler(slowRequests);
                  });
              config.jetty.modifyServletContextHandler(h -> h.setErrorHandler(jettyErrors));
              config.concurrency.useVirtualThreads = true;
              config.startup.showJavalinBanner = false;
              config.http.prefer405over404 = true;
              config.http.maxRequestSize = MAX_BATCH_BODY_BYTES;
              config.routes.get("/v1/status", this::status);
              config.routes.post("/v1/txs/batch", this::submitBatch);
              config.routes.post("/v1/txs", this::submit);
              config.routes.get("/v1/txs/{hash}", this::tx);
              config.routes.get("/v1/accounts/{address}", this::account);
              config.routes.get("/v1/providers", this::providers);
              config.routes.get("/v1/providers/{address}", this::provider);
              config.routes.get("/v1/providers/{address}/leases", this::providerLeases);
              config.routes.get("/v1/jobs", this::jobs);
              config.routes.get("/v1/jobs/{jobId}", this::job);
              config.routes.get("/v1/jobs/{jobId}/bids", this::bids);
              config.routes.get("/v1/jobs/{jobId}/leases", this::jobLeases);
              config.routes.get("/v1/jobs/{jobId}/units", this::units);
              config.routes.get("/v1/jobs/{jobId}/audits", this::audits);
              config.routes.get("/v1/leases/{leaseId}", this::lease);
              config.routes.put("/v1/blobs/{sha256}", blobs::put);
              config.routes.get("/v1/blobs/{sha256}", blobs::get);
              config.routes.head("/v1/blobs/{sha256}", blobs::head);
              config.routes.get("/v1/blocks/latest", this::latestBlock);
              config.routes.get("/v1/blocks/{height}", this::block);
              config.routes.get("/v1/params", this::params);
              config.routes.get("/v1/events", events::handle);
              config.routes.get("/v1/openapi.yaml", this::openApi);
              config.routes.get("/metrics", this::metrics);
              config.routes.exception(
                  ProblemException.class, (e, ctx) -> problem(ctx, e.problem()));
              config.routes.exception(HttpResponseException.class, this::httpException);
              config.routes.exception(Exception.class, this::unexpected);
              for (int status : new int[] {404, 405, 413}) {
                config.routes.error(status, this::fallbackProblem);
              }
            });
  }

  /** Binds {@code host:port} (0 for a free port) and serves until {@link #close()}. */
  public NodeApi start(String host, int port) {
    app.start(host, port);
    for (Connector connector : slowRequests.getServer().getConnectors()) {
      connector.addEventListener(slowRequests);
    }
    return this;
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    events.close();
    app.stop();
  }

  private void status(Context ctx) {
    ChainHead h = head.get();
    long pool = Audits.verificationPool(store.state());
    json(
        ctx,
        200,
        new StatusView(
            chainId,
            h.height(),
            h.blockHash().toHex(),
            h.stateRoot().toHex(),
            h.timestampMillis(),
            mempool.size(),
            pool,
            Amount.format(pool)));
  }

  private void submit(Context ctx) {
    byte[] tx;
    if (isOctetStream(ctx)) {
      tx = readBody(ctx, MAX_TX_BODY_BYTES, "TOO_LARGE");
    } else {
      JsonNode body = readJson(ctx, MAX_TX_BODY_BYTES, "TOO_LARGE");
      JsonNode field = body.get("tx");
      if (!body.isObject() || field == null || !field.isTextual()) {
        throw badRequest(
            "BAD_REQUEST",
            "expected {\"tx\": \"<base64 of the encoded transaction>\"} or an"
                + " application/octet-stream body");
      }
      tx = base64(field.textValue());
    }
    switch (record(mempool.submit(tx, store.state()))) {
      case Admission.Accepted a -> json(ctx, 202, new SubmitView(a.hash().toHex(), "pending"));
      case Admission.Rejected r -> {
        problem(
            ctx,
            Problem.rejection(
                statusOf(r.code()),
                r.code().name(),
                r.message(),
                r.hash() == null ? null : r.hash().toHex()));
      }
    }
  }

  private void submitBatch(Context ctx) {
    // Entries that cannot be transactions get their answer here; the rest go to the mempool
    // together.
    InputStream body = bodyStream(ctx, MAX_BATCH_BODY_BYTES, "PAYLOAD_TOO_LARGE");
    List<BatchAdapter.Entry> entries =
        isOctetStream(ctx)
            ? batches.framed(body, ctx.req().getContentLengthLong())
            : batches.json(mapper.getFactory(), body);
    BatchEntryView[] out = new BatchEntryView[entries.size()];
    List<byte[]> decoded = new ArrayList<>(entries.size());
    List<Integer> positions = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      switch (entries.get(i)) {
        case BatchAdapter.Refused r -> {
          metrics.rejected(r.code());
          out[i] = new BatchEntryView(null, false, r.code().name(), r.message());
        }
        case BatchAdapter.Bytes b -> {
          decoded.add(b.tx());
          positions.add(i);
        }
      }
    }
    List<Admission> admissions = mempool.submitBatch(decoded, store.state());
    for (int j = 0; j < admissions.size(); j++) {
      out[positions.get(j)] =
          switch (record(admissions.get(j))) {
            case Admission.Accepted a -> new BatchEntryView(a.hash().toHex(), true, null, null);
            case Admission.Rejected r ->
                new BatchEntryView(
                    r.hash() == null ? null : r.hash().toHex(),
                    false,
                    r.code().name(),
                    r.message());
          };
    }
    json(ctx, 200, new BatchView(List.of(out)));
  }

  private Admission record(Admission a) {
    if (a instanceof Admission.Rejected r) {
      metrics.rejected(r.code());
    }
    return a;
  }

  private static int statusOf(RejectCode code) {
    return switch (code) {
      case TOO_LARGE -> 413;
      case NONCE_TOO_LOW, NONCE_ALREADY_PENDING, DUPLICATE, ALREADY_COMMITTED -> 409;
      case MEMPOOL_FULL -> 503;
      case TOO_MANY_PENDING -> 429;
      case MALFORMED,
          WRONG_CHAIN_ID,
          BAD_SIGNATURE,
          UNKNOWN_ACCOUNT,
          INSUFFICIENT_FEE_FUNDS,
          FEE_TOO_LOW,
          NONCE_TOO_FAR_AHEAD ->
          400;
    };
  }

  private void tx(Context ctx) {
    Hash hash = parseHash(ctx.pathParam("hash"));
    Optional<SignedTransaction> pending = mempool.pending(hash);
    if (pending.isPresent()) {
      json(ctx, 200, TxStatusView.pending(hash, pending.get()));
      return;
    }
    // Checked after the mempool: a transaction leaves the mempool only once its block is stored.
    Optional<CommittedTx> committed = store.committedTx(hash);
    if (committed.isPresent()) {
      CommittedTx c = committed.get();
      json(
          ctx,
          200,
          TxStatusView.committed(
              hash, c.location().height(), c.location().index(), c.result(), c.tx()));
      return;
    }
    json(ctx, 200, TxStatusView.unknown(hash));
  }

  private void account(Context ctx) {
    Address address = parseAddress(ctx.pathParam("address"));
    Account account = Bank.account(store.state(), address);
    if (account.balance() == 0 && account.nonce() == 0) {
      throw new ProblemException(
          404,
          "ACCOUNT_NOT_FOUND",
          "Account not found",
          "account " + address + " has never held funds");
    }
    json(ctx, 200, AccountView.of(account));
  }

  private void providers(Context ctx) {
    ReadableState state = store.state();
    long height = head.get().height();
    Params params = Params.load(state);
    json(
        ctx,
        200,
        new ProvidersView(
            Staking.providers(state).stream()
                .map(p -> ProviderView.of(p, state, height, params))
                .toList()));
  }

  private void provider(Context ctx) {
    Address address = parseAddress(ctx.pathParam("address"));
    ReadableState state = store.state();
    long height = head.get().height();
    ProviderView view =
        Staking.provider(state, address)
            .map(p -> ProviderView.of(p, state, height, Params.load(state)))
            .orElseThrow(
                () ->
                    new ProblemException(
                        404,
                        "PROVIDER_NOT_FOUND",
                        "Provider not found",
                        "no provider is registered at " + address));
    json(ctx, 200, view);
  }

  // ---- marketplace

  private void jobs(Context ctx) {
    int limit = limit(ctx, DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT);
    Optional<JobStatus> status = jobStatus(ctx.queryParam("status"));
    String buyerText = ctx.queryParam("buyer");
    ReadableState state = store.state();
    List<Job> found;
    if (buyerText != null) {
      found = Market.jobsByBuyer(state, parseAddress(buyerText));
    } else if (status.isEmpty() || !status.get().finished()) {
      found = Market.openJobs(state);
    } else {
      throw badRequest(
          "BAD_QUERY",
          "finished jobs are listed per buyer: add buyer=<address> to list "
              + status.get().name().toLowerCase(Locale.ROOT)
              + " jobs");
    }
    List<JobView> views =
        found.stream()
            .filter(j -> status.isEmpty() || j.status() == status.get())
            .sorted(
                Comparator.comparingLong(Job::createdHeight)
                    .reversed()
                    .thenComparing(Job::id, Comparator.reverseOrder()))
            .limit(limit)
            .map(j -> JobView.of(j, Market.leases(state, j.id()), false))
            .toList();
    json(ctx, 200, new JobsView(views));
  }

  private void job(Context ctx) {
    ReadableState state = store.state();
    Job job = requireJob(state, parseId(ctx.pathParam("jobId"), "BAD_JOB_ID", "job id"));
    json(ctx, 200, JobView.of(job, Market.leases(state, job.id()), true));
  }

  private void bids(Context ctx) {
    ReadableState state = store.state();
    Job job = requireJob(state, parseId(ctx.pathParam("jobId"), "BAD_JOB_ID", "job id"));
    json(
        ctx,
        200,
        new BidsView(
            job.id().toHex(), Market.bids(state, job.id()).stream().map(BidView::of).toList()));
  }

  private void jobLeases(Context ctx) {
    ReadableState state = store.state();
    Job job = requireJob(state, parseId(ctx.pathParam("jobId"), "BAD_JOB_ID", "job id"));
    json(
        ctx,
        200,
        new LeasesView(Market.leases(state, job.id()).stream().map(LeaseView::of).toList()));
  }

  private void units(Context ctx) {
    Hash jobId = parseId(ctx.pathParam("jobId"), "BAD_JOB_ID", "job id");
    int from = nonNegativeInt(ctx, "from", 0);
    int limit = limit(ctx, DEFAULT_UNITS_LIMIT, MAX_UNITS_LIMIT);
    ReadableState state = store.state();
    Job job = requireJob(state, jobId);
    Map<Hash, Lease> leases = new HashMap<>();
    for (Lease l : Market.leases(state, job.id())) {
      leases.put(l.id(), l);
    }
    Map<Integer, UnitState> recorded = new HashMap<>();
    for (UnitState u : Market.units(state, job.id())) {
      recorded.put(u.unit(), u);
    }
    int end = (int) Math.min(job.units(), (long) from + limit);
    Map<Integer, List<AuditRecord>> audits = new HashMap<>();
    for (AuditRecord a : Audits.ofJob(state, job.id())) {
      if (a.unit() >= from && a.unit() < end) {
        audits.computeIfAbsent(a.unit(), k -> new ArrayList<>()).add(a);
      }
    }
    long window = Params.load(state).audit().challengeWindowBlocks();
    List<UnitView> units = new ArrayList<>();
    for (int unit = from; unit < end; unit++) {
      UnitState u = recorded.get(unit);
      List<AuditRecord> unitAudits = audits.getOrDefault(unit, List.of());
      if (u == null) {
        units.add(
            UnitView.pending(
                unit, Market.checkpoint(state, job.id(), unit).orElse(null), unitAudits));
      } else {
        Lease lease = leases.get(u.leaseId());
        if (lease == null) {
          throw new IllegalStateException("unit " + unit + " names unknown lease " + u.leaseId());
        }
        units.add(UnitView.of(u, lease, window, unitAudits));
      }
    }
    json(ctx, 200, new UnitsView(job.id().toHex(), job.units(), from, units));
  }

  private void audits(Context ctx) {
    ReadableState state = store.state();
    Job job = requireJob(state, parseId(ctx.pathParam("jobId"), "BAD_JOB_ID", "job id"));
    json(
        ctx,
        200,
        new AuditsView(
            job.id().toHex(), Audits.ofJob(state, job.id()).stream().map(AuditView::of).toList()));
  }

  private void lease(Context ctx) {
    Hash id = parseId(ctx.pathParam("leaseId"), "BAD_LEASE_ID", "lease id");
    Lease lease =
        Market.lease(store.state(), id)
            .orElseThrow(
                () ->
                    new ProblemException(
                        404,
                        "LEASE_NOT_FOUND",
                        "Lease not found",
                        "no lease has id " + id + "; list a job's leases to find the right one"));
    json(ctx, 200, LeaseView.of(lease));
  }

  private void providerLeases(Context ctx) {
    Address provider = parseAddress(ctx.pathParam("address"));
    Optional<Predicate<Lease>> status = leaseFilter(ctx.queryParam("status"));
    int limit = limit(ctx, DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT);
    List<LeaseView> views =
        Market.leasesByProvider(store.state(), provider).stream()
            .filter(l -> status.isEmpty() || status.get().test(l))
            .sorted(
                Comparator.comparingLong(Lease::openedHeight)
                    .reversed()
                    .thenComparing(Lease::id, Comparator.reverseOrder()))
            .limit(limit)
            .map(LeaseView::of)
            .toList();
    json(ctx, 200, new LeasesView(views));
  }

  private static Job requireJob(ReadableState state, Hash id) {
    return Market.job(state, id)
        .orElseThrow(
            () ->
                new ProblemException(
                    404,
                    "JOB_NOT_FOUND",
                    "Job not found",
                    "no job has id " + id + "; check the id printed when the job was created"));
  }

  private static Optional<JobStatus> jobStatus(String text) {
    if (text == null) {
      return Optional.empty();
    }
    for (JobStatus s : JobStatus.values()) {
      if (s.name().equalsIgnoreCase(text)) {
        return Optional.of(s);
      }
    }
    throw badRequest(
        "BAD_STATUS", "status '" + text + "' is not one of open, active, done, closed");
  }

  /**
   * A lease status to filter by: {@code active}, {@code suspended} or {@code closed} match that
   * status, {@code open} matches every lease not closed (what its holder must keep running).
   */
  private static Optional<Predicate<Lease>> leaseFilter(String text) {
    if (text == null) {
      return Optional.empty();
    }
    if ("open".equalsIgnoreCase(text)) {
      return Optional.of(Lease::active);
    }
    for (LeaseStatus s : LeaseStatus.values()) {
      if (s.name().equalsIgnoreCase(text)) {
        return Optional.of(l -> l.status() == s);
      }
    }
    throw badRequest(
        "BAD_STATUS", "status '" + text + "' is not one of active, suspended, closed, open");
  }

  private static int limit(Context ctx, int defaultLimit, int maxLimit) {
    int limit = nonNegativeInt(ctx, "limit", defaultLimit);
    if (limit < 1 || limit > maxLimit) {
      throw badRequest("BAD_LIMIT", "limit must be 1.." + maxLimit + ", got " + limit);
    }
    return limit;
  }

  private static int nonNegativeInt(Context ctx, String name, int defaultValue) {
    String text = ctx.queryParam(name);
    if (text == null) {
      return defaultValue;
    }
    int value;
    try {
      value = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw badRequest(
          "BAD_" + name.toUpperCase(Locale.ROOT), name + " '" + text + "' is not a whole number");
    }
    if (value < 0) {
      throw badRequest(
          "BAD_" + name.toUpperCase(Locale.ROOT), name + " must not be negative, got " + value);
    }
    return value;
  }

  private void latestBlock(Context ctx) {
    json(ctx, 200, blockView(head.get().height()));
  }

  private void block(Context ctx) {
    String text = ctx.pathParam("height");
    long height;
    try {
      height = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw badRequest("BAD_HEIGHT", "height '" + text + "' is not a whole number");
    }
    if (height < 0) {
      throw badRequest("BAD_HEIGHT", "height must not be negative, got " + height);
    }
    long latest = head.get().height();
    if (height > latest) {
      throw new ProblemException(
          404,
          "BLOCK_NOT_FOUND",
          "Block not found",
          "no block at height " + height + " yet; the latest is " + latest);
    }
    json(ctx, 200, blockView(height));
  }

  private BlockView blockView(long height) {
    CommittedBlock b = StoredBlocks.load(store, height);
    return BlockView.of(b.block(), b.txHashes(), b.results());
  }

  private void params(Context ctx) {
    json(ctx, 200, ParamsView.of(chainId, Params.load(store.state())));
  }

  private void openApi(Context ctx) {
    ctx.status(200).contentType("application/yaml").result(openApi);
  }

  private void metrics(Context ctx) {
    ctx.status(200)
        .contentType("text/plain; version=0.0.4; charset=utf-8")
        .result(metrics.scrape());
  }

  private static byte[] loadOpenApi() {
    try (InputStream in = NodeApi.class.getResourceAsStream("/openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml is missing from the node jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- request parsing

  private static boolean isOctetStream(Context ctx) {
    String type = ctx.contentType();
    return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/octet-stream");
  }

  /**
   * The request body as a stream that refuses, with {@code tooLargeCode}, to yield more than {@code
   * limit} bytes.
   */
  private static InputStream bodyStream(Context ctx, int limit, String tooLargeCode) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > limit) {
      throw tooLarge(tooLargeCode, declared, limit);
    }
    try {
      return new FilterInputStream(ctx.req().getInputStream()) {
        private long read;

        @Override
        public int read() throws IOException {
          int b = super.read();
          count(b < 0 ? 0 : 1);
          return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
          int n = super.read(buffer, offset, length);
          count(Math.max(n, 0));
          return n;
        }

        @Override
        public long skip(long n) throws IOException {
          long skipped = super.skip(n);
          count(skipped);
          return skipped;
        }

        private void count(long n) {
          read += n;
          if (read > limit) {
            throw tooLarge(tooLargeCode, read, limit);
          }
        }
      };
    } catch (IOException e) {
      throw badRequest("BAD_REQUEST", "could not read the request body: " + e.getMessage());
    }
  }

  /** Reads at most {@code limit} bytes; a longer body is refused with {@code tooLargeCode}. */
  private static byte[] readBody(Context ctx, int limit, String tooLargeCode) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > limit) {
      throw tooLarge(tooLargeCode, declared, limit);
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] body = in.readNBytes(limit + 1);
      if (body.length > limit) {
        throw tooLarge(tooLargeCode, body.length, limit);
      }
      return body;
    } catch (IOException e) {
      throw badRequest("BAD_REQUEST", "could not read the request body: " + e.getMessage());
    }
  }

  private static ProblemException tooLarge(String code, long size, int limit) {
    return new ProblemException(
        413,
        code,
        "Payload too large",
        "request body is " + size + "+ bytes, at most " + limit + " are accepted here");
  }

  private JsonNode readJson(Context ctx, int limit, String tooLargeCode) {
    byte[] body = readBody(ctx, limit, tooLargeCode);
    try {
      JsonNode node = mapper.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw badRequest("BAD_JSON", "request body is empty; expected a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw badRequest("BAD_JSON", "request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw badRequest("BAD_JSON", "request body is not valid JSON: " + e.getMessage());
    }
  }

  private static byte[] base64(String text) {
    byte[] bytes = tryBase64(text);
    if (bytes == null) {
      throw badRequest("BAD_BASE64", "\"tx\" is not valid base64 (standard alphabet, padded)");
    }
    return bytes;
  }

  private static byte[] tryBase64(String text) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Address parseAddress(String text) {
    try {
      return Address.parse(text);
    } catch (IllegalArgumentException e) {
      throw badRequest("BAD_ADDRESS", e.getMessage());
    }
  }

  private static Hash parseHash(String text) {
    try {
      return Hash.fromHex(text);
    } catch (IllegalArgumentException e) {
      throw badRequest("BAD_HASH", "'" + text + "' is not a transaction hash: " + e.getMessage());
    }
  }

  static Hash parseId(String text, String code, String what) {
    try {
      return Hash.fromHex(text);
    } catch (IllegalArgumentException e) {
      throw badRequest(code, "'" + text + "' is not a " + what + ": " + e.getMessage());
    }
  }

  static ProblemException badRequest(String code, String detail) {
    return new ProblemException(400, code, "Bad request", detail);
  }

  // ---- responses

  private void json(Context ctx, int status, Object body) {
    try {
      ctx.status(status).contentType(JSON).result(mapper.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + body.getClass().getSimpleName(), e);
    }
  }

  private void problem(Context ctx, Problem p) {
    ctx.attribute(PROBLEM_ATTRIBUTE, p);
    try {
      ctx.status(p.status()).contentType(PROBLEM_JSON).result(mapper.writeValueAsBytes(p));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a problem", e);
    }
  }

  private void httpException(HttpResponseException e, Context ctx) {
    problem(ctx, serverProblem(ctx, e.getStatus(), e.getMessage()));
  }

  /** A problem for a status Javalin or Jetty chose (no route, wrong method, body too large). */
  private static Problem serverProblem(Context ctx, int status, String message) {
    String route = ctx.method() + " " + ctx.path();
    return switch (status) {
      case 404 ->
          Problem.of(
              404, "NOT_FOUND", "Not found", "no such route: " + route + "; see /v1/openapi.yaml");
      case 405 ->
          Problem.of(
              405,
              "METHOD_NOT_ALLOWED",
              "Method not allowed",
              "method not allowed: " + route + "; see /v1/openapi.yaml");
      case 413 -> Problem.of(413, "PAYLOAD_TOO_LARGE", "Payload too large", message);
      default ->
          status >= 500
              ? Problem.of(status, "INTERNAL_ERROR", "Internal error", message)
              : Problem.of(status, "BAD_REQUEST", "Bad request", message);
    };
  }

  private void unexpected(Exception e, Context ctx) {
    LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
    problem(
        ctx,
        Problem.of(
            500,
            "INTERNAL_ERROR",
            "Internal error",
            "the node failed to answer this request; its log has the details"));
  }

  /** Turns an error status set without an exception into a problem, unless one is set. */
  private void fallbackProblem(Context ctx) {
    if (ctx.attribute(PROBLEM_ATTRIBUTE) == null) {
      problem(ctx, serverProblem(ctx, ctx.statusCode(), "HTTP " + ctx.statusCode()));
    }
  }
}
