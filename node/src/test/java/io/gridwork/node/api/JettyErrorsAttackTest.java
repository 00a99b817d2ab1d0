package io.gridwork.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.node.Node;
import io.gridwork.node.RawHttp;
import io.gridwork.node.TestChain;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests that Jetty refuses before any route runs. The API promises problem+json for every error,
 * so none of them may come back as Jetty's HTML page.
 */
class JettyErrorsAttackTest {
  @TempDir Path dataDir;
  private Node node;
  private RawHttp http;

  @BeforeEach
  void start() {
    node = Node.start(TestChain.config(dataDir), TestChain.genesis());
    http = new RawHttp(node.apiPort());
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private static void assertProblem(RawHttp.Answer a, int status) {
    assertThat(a.status()).as(a.head() + a.body()).isEqualTo(status);
    assertThat(a.contentType()).startsWith("application/problem+json");
    assertThat(a.json().get("status").asInt()).isEqualTo(status);
    assertThat(a.json().get("code").asText()).isNotBlank();
    assertThat(a.json().get("detail").asText()).isNotBlank();
  }

  @Test
  void aPathClimbingOutOfTheApiIsABadRequestProblem() {
    RawHttp.Answer a = http.send("GET /v1/../../etc/passwd HTTP/1.1\r\nHost: localhost\r\n\r\n");

    assertProblem(a, 400);
    assertThat(a.json().get("code").asText()).isEqualTo("BAD_REQUEST");
  }

  @Test
  void anEncodedPathClimbingOutOfTheApiIsABadRequestProblem() {
    RawHttp.Answer a =
        http.send("GET /v1/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: localhost\r\n\r\n");

    assertProblem(a, 400);
  }

  @Test
  void aHeaderLineWithoutAColonIsABadRequestProblem() {
    RawHttp.Answer a =
        http.send("GET /v1/status HTTP/1.1\r\nHost: localhost\r\nNoColonHere\r\n\r\n");

    assertProblem(a, 400);
  }

  @Test
  void aTwentyKilobyteUriIsAUriTooLongProblem() {
    RawHttp.Answer a =
        http.send(
            "GET /v1/status?pad=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");

    assertProblem(a, 414);
    assertThat(a.json().get("code").asText()).isEqualTo("URI_TOO_LONG");
  }

  @Test
  void twoHundredKilobytesOfHeadersIsAHeadersTooLargeProblem() {
    StringBuilder head = new StringBuilder("GET /v1/status HTTP/1.1\r\nHost: localhost\r\n");
    for (int i = 0; i < 200; i++) {
      head.append("X-Pad-").append(i).append(": ").append("b".repeat(1_000)).append("\r\n");
    }

    RawHttp.Answer a = http.send(head.append("\r\n").toString());

    assertProblem(a, 431);
    assertThat(a.json().get("code").asText()).isEqualTo("HEADERS_TOO_LARGE");
  }
}
