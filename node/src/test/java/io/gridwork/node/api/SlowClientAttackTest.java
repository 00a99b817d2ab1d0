package io.gridwork.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.node.Node;
import io.gridwork.node.RawHttp;
import io.gridwork.node.TestChain;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that send a request a byte at a time to hold connections and the threads behind them.
 * Jetty's idle timeout starts again with every byte, so only a deadline on the headers and a
 * minimum rate for the body end them.
 */
class SlowClientAttackTest {
  private static final long HEADER_TIMEOUT_MILLIS = 1_000;
  private static final Duration GIVE_UP = Duration.ofSeconds(8);

  @TempDir Path dataDir;
  private Node node;
  private RawHttp http;

  @BeforeEach
  void start() {
    node =
        Node.start(
            TestChain.config(dataDir)
                .withRequestHeaderTimeoutMillis(HEADER_TIMEOUT_MILLIS)
                .withMinRequestBytesPerSecond(1_024),
            TestChain.genesis());
    http = new RawHttp(node.apiPort());
  }

  @AfterEach
  void stop() {
    node.close();
  }

  /**
   * Sends {@code head} at once, then {@code trickle} one byte every 250 ms, and returns how long
   * the node let the connection live, or {@link #GIVE_UP} if it never closed it.
   */
  private Duration trickle(String head, String trickle) throws IOException {
    try (Socket s = http.connect()) {
      CompletableFuture<Void> closed =
          CompletableFuture.runAsync(
              () -> {
                try {
                  while (s.getInputStream().read() >= 0) {
                    // Whatever the node answers before closing is not the point here.
                  }
                } catch (IOException e) {
                  // A reset is a close too.
                }
              });
      long start = System.nanoTime();
      OutputStream out = s.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      for (int i = 0; !closed.isDone() && System.nanoTime() - start < GIVE_UP.toNanos(); i++) {
        try {
          out.write(trickle.charAt(i % trickle.length()));
          out.flush();
        } catch (IOException e) {
          break;
        }
        sleep(250);
      }
      closed.completeOnTimeout(null, 2, java.util.concurrent.TimeUnit.SECONDS).join();
      return Duration.ofNanos(System.nanoTime() - start);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aConnectionTricklingItsHeadersIsClosedAfterTheHeaderTimeout() throws IOException {
    Duration lived = trickle("GET /v1/status HTTP/1.1\r\nHost: localhost\r\nX-Slow: ", "abcdef");

    assertThat(lived).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void aConnectionTricklingItsBodyIsClosedForSendingBelowTheMinimumRate() throws IOException {
    Duration lived =
        trickle(
            "POST /v1/txs HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream"
                + "\r\nContent-Length: 10000\r\n\r\n",
            "x");

    assertThat(lived).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void aKeptAliveConnectionThatWaitsBetweenRequestsIsNotCut() throws IOException {
    String request = "GET /v1/status HTTP/1.1\r\nHost: localhost\r\n\r\n";
    try (Socket s = http.connect()) {
      s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      RawHttp.Answer first = RawHttp.read(s);
      sleep(3 * HEADER_TIMEOUT_MILLIS);
      s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      RawHttp.Answer second = RawHttp.read(s);

      assertThat(first.status()).isEqualTo(200);
      assertThat(second.status()).isEqualTo(200);
    } catch (UncheckedIOException e) {
      throw new AssertionError("the node cut an idle kept-alive connection", e);
    }
  }
}
