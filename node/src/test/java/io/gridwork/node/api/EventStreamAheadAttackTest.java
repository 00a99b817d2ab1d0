package io.gridwork.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridwork.client.GridworkClient;
import io.gridwork.client.GridworkClientException;
import io.gridwork.node.HttpProbe;
import io.gridwork.node.Node;
import io.gridwork.node.TestChain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client asking for blocks from beyond the chain's head (it followed another chain, or this one
 * before it was re-initialised) is told so at once, instead of holding an open stream that never
 * sends it anything. Before the refusal, each request here waited forever.
 */
@Timeout(30)
class EventStreamAheadAttackTest {
  @TempDir static Path dataDir;
  static Node node;
  static HttpProbe http;

  @BeforeAll
  static void startNode() {
    node = Node.start(TestChain.config(dataDir), TestChain.genesis());
    http = new HttpProbe(node.apiPort());
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  @Test
  void aStreamFromTwoBlocksPastTheHeadIsRefusedAsAProblem() {
    long head = node.head().height();

    HttpProbe.Answer a = http.get("/v1/events?fromHeight=" + (head + 1_000));

    assertThat(a.status()).as(a.body()).isEqualTo(400);
    assertThat(a.contentType()).startsWith("application/problem+json");
    JsonNode p = a.json();
    assertThat(p.get("code").asText()).isEqualTo("HEIGHT_AHEAD");
    assertThat(p.get("detail").asText()).contains("beyond this chain's next block");
  }

  @Test
  void aLastEventIdPastTheHeadIsRefusedToo() throws Exception {
    long head = node.head().height();
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();

    java.net.http.HttpResponse<String> r =
        client.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + node.apiPort() + "/v1/events"))
                .header("Last-Event-ID", Long.toString(head + 1_000))
                .timeout(Duration.ofSeconds(10))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("HEIGHT_AHEAD");
  }

  @Test
  void theClientSubscribedFromBeyondTheHeadHearsTheNodesReasonInOneLine() throws Exception {
    GridworkClient client = new GridworkClient("http://127.0.0.1:" + node.apiPort());
    CompletableFuture<RuntimeException> failure = new CompletableFuture<>();

    try (AutoCloseable stream =
        client.events(node.head().height() + 1_000, b -> {}, failure::complete)) {
      RuntimeException e = failure.get(10, TimeUnit.SECONDS);

      assertThat(e).isInstanceOf(GridworkClientException.class);
      assertThat(((GridworkClientException) e).code()).isEqualTo("HEIGHT_AHEAD");
      assertThat(e.getMessage())
          .contains("HEIGHT_AHEAD")
          .contains("beyond this chain's next block")
          .doesNotContain("{")
          .doesNotContain("\n");
    }
  }
}
