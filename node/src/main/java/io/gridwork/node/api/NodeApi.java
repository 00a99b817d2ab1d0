package io.gridwork.node.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridwork.api.ApiJson;
import io.gridwork.node.blob.BlobRetention;
import io.gridwork.node.blob.BlobStore;
import io.gridwork.node.consensus.BlockFeed;
import io.gridwork.node.mempool.Mempool;
import io.gridwork.node.metrics.NodeMetrics;
import io.gridwork.node.storage.ChainHead;
import io.gridwork.node.storage.ChainStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.InstantSource;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Connector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP API under {@code /v1} plus {@code /metrics}: thin routes over the store, the
 * mempool and the block feed, grouped by area. Handlers run on virtual threads. Every failure
 * answers {@code application/problem+json}; nothing a client sends can stop the node.
 */
public final class NodeApi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeApi.class);

  private final NodeMetrics metrics;
  private final EventStream events;
  private final ObjectMapper mapper = ApiJson.mapper();
  private final Answers answers = new Answers(mapper);
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
    this.metrics = metrics;
    this.events = new EventStream(store, head, feed, mapper);
    BlobRoutes blobs = new BlobRoutes(blobStore, retention, store, chainId, clock, mapper);
    ChainRoutes chain = new ChainRoutes(store, mempool, head, chainId, answers);
    TxRoutes txs = new TxRoutes(store, mempool, metrics, maxBatchTxs, mapper, answers);
    MarketRoutes market = new MarketRoutes(store, answers);
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
              config.http.maxRequestSize = TxRoutes.MAX_BATCH_BODY_BYTES;
              config.routes.get("/v1/status", chain::status);
              config.routes.post("/v1/txs/batch", txs::submitBatch);
              config.routes.post("/v1/txs", txs::submit);
              config.routes.get("/v1/txs/{hash}", txs::tx);
              config.routes.get("/v1/accounts/{address}", chain::account);
              config.routes.get("/v1/providers", chain::providers);
              config.routes.get("/v1/providers/{address}", chain::provider);
              config.routes.get("/v1/providers/{address}/leases", market::providerLeases);
              config.routes.get("/v1/jobs", market::jobs);
              config.routes.get("/v1/jobs/{jobId}", market::job);
              config.routes.get("/v1/jobs/{jobId}/bids", market::bids);
              config.routes.get("/v1/jobs/{jobId}/leases", market::jobLeases);
              config.routes.get("/v1/jobs/{jobId}/units", market::units);
              config.routes.get("/v1/jobs/{jobId}/audits", market::audits);
              config.routes.get("/v1/leases/{leaseId}", market::lease);
              config.routes.put("/v1/blobs/{sha256}", blobs::put);
              config.routes.get("/v1/blobs/{sha256}", blobs::get);
              config.routes.head("/v1/blobs/{sha256}", blobs::head);
              config.routes.get("/v1/blocks/latest", chain::latestBlock);
              config.routes.get("/v1/blocks/{height}", chain::block);
              config.routes.get("/v1/params", chain::params);
              config.routes.get("/v1/events", events::handle);
              config.routes.get("/v1/openapi.yaml", this::openApi);
              config.routes.get("/metrics", this::metrics);
              config.routes.exception(
                  ProblemException.class, (e, ctx) -> answers.problem(ctx, e.problem()));
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

  // ---- responses

  private void httpException(HttpResponseException e, Context ctx) {
    answers.problem(ctx, serverProblem(ctx, e.getStatus(), e.getMessage()));
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
    answers.problem(
        ctx,
        Problem.of(
            500,
            "INTERNAL_ERROR",
            "Internal error",
            "the node failed to answer this request; its log has the details"));
  }

  /** Turns an error status set without an exception into a problem, unless one is set. */
  private void fallbackProblem(Context ctx) {
    if (ctx.attribute(Answers.PROBLEM_ATTRIBUTE) == null) {
      answers.problem(ctx, serverProblem(ctx, ctx.statusCode(), "HTTP " + ctx.statusCode()));
    }
  }
}
