package io.gridwork.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.node.Node;
import io.gridwork.node.RawHttp;
import io.gridwork.node.TestChain;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches of millions of empty entries, sent without credentials. The node must count entries as it
 * parses them: building them all first took gigabytes of heap for one request.
 */
class BatchParseAttackTest {
  private static final int BODY_BYTES = 24 << 20;
  private static final long ALLOWED_ALLOCATION = 16 << 20;

  @TempDir Path dataDir;

  /** Bytes allocated by every thread of this JVM so far. */
  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getTotalThreadAllocatedBytes();
  }

  private record Outcome(RawHttp.Answer answer, long allocated) {}

  private Outcome post(String contentType, byte[] body) {
    try (Node node =
        Node.start(
            TestChain.config(dataDir).withBlockIntervalMillis(3_600_000), TestChain.genesis())) {
      byte[] head =
          ("POST /v1/txs/batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                  + contentType
                  + "\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII);
      RawHttp http = new RawHttp(node.apiPort());
      http.send("GET /v1/status HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
      long before = allocated();
      RawHttp.Answer answer = http.send(head, body);
      return new Outcome(answer, allocated() - before);
    }
  }

  @Test
  void aJsonBatchOfMillionsOfEmptyObjectsIsRefusedAfterTheLimitWithoutBuildingThem() {
    byte[] body = new byte[BODY_BYTES];
    Arrays.fill(body, (byte) ' ');
    byte[] open = "{\"txs\":[".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(open, 0, body, 0, open.length);
    for (int i = open.length; i + 3 < body.length - 2; i += 3) {
      body[i] = '{';
      body[i + 1] = '}';
      body[i + 2] = ',';
    }
    body[body.length - 3] = '{';
    body[body.length - 2] = '}';
    body[body.length - 1] = ']';

    Outcome o = post("application/json", body);

    assertThat(o.answer().status()).isEqualTo(413);
    assertThat(o.answer().contentType()).startsWith("application/problem+json");
    assertThat(o.answer().json().get("code").asText()).isEqualTo("BATCH_TOO_LARGE");
    assertThat(o.allocated()).isLessThan(ALLOWED_ALLOCATION);
  }

  @Test
  void aBinaryBatchOfMillionsOfZeroLengthEntriesIsRefusedAfterTheLimitWithoutTakingThem() {
    Outcome o = post("application/octet-stream", new byte[BODY_BYTES]);

    assertThat(o.answer().status()).isEqualTo(413);
    assertThat(o.answer().contentType()).startsWith("application/problem+json");
    assertThat(o.answer().json().get("code").asText()).isEqualTo("BATCH_TOO_LARGE");
    assertThat(o.allocated()).isLessThan(ALLOWED_ALLOCATION);
  }
}
