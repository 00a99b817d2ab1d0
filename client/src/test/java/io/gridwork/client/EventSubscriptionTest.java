package io.gridwork.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The event stream against a small HTTP server on a loopback port that answers as told. */
class EventSubscriptionTest {
  private HttpServer server;
  private volatile int status;
  private volatile String body;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v1/events",
        exchange -> {
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange
              .getResponseHeaders()
              .add("Content-Type", status == 200 ? "text/event-stream" : "application/json");
          exchange.sendResponseHeaders(status, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private GridworkClient client() {
    return new GridworkClient("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Test
  void aStreamTheNodeRefusesReportsTheNodesReasonToTheFailureHandler() throws Exception {
    status = 400;
    body = "{\"title\":\"fromHeight is beyond the chain's head\"}";
    CompletableFuture<RuntimeException> failure = new CompletableFuture<>();

    try (AutoCloseable stream = client().events(5, block -> {}, failure::complete)) {
      RuntimeException e = failure.get(Duration.ofSeconds(10).toSeconds(), TimeUnit.SECONDS);

      assertThat(e).isInstanceOf(GridworkClientException.class);
      assertThat(e.getMessage()).contains("refused the event stream").contains("beyond");
    }
  }

  @Test
  void aConsumerThatThrowsEndsTheStreamAndItsExceptionReachesTheFailureHandler() throws Exception {
    status = 200;
    body =
        "event: block\ndata: {\"height\":1,\"hash\":\""
            + "ab".repeat(32)
            + "\",\"timeMillis\":0,\"txs\":[],\"blockEvents\":[]}\n\n";
    IllegalStateException thrown = new IllegalStateException("consumer bug");
    CompletableFuture<RuntimeException> failure = new CompletableFuture<>();

    try (AutoCloseable stream =
        client()
            .events(
                1,
                block -> {
                  throw thrown;
                },
                failure::complete)) {
      assertThat(failure.get(10, TimeUnit.SECONDS)).isSameAs(thrown);
    }
  }
}
