package io.gridwork.node.api;

import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes connections that send a request too slowly. Jetty's idle timeout starts again with every
 * byte, so without this a client sending one byte every few seconds would hold a connection, and
 * the thread waiting for its body, for as long as it liked.
 *
 * <p>Once a connection has sent the first byte of a request, its line and headers must be complete
 * within {@code headerTimeoutMillis}. Once the headers are in, the body must arrive at an average
 * of at least {@code minBytesPerSecond} since then, checked from {@code headerTimeoutMillis} on.
 * Both are checked by one sweeper thread every {@link #sweepMillis}, so a connection is closed at
 * most one sweep after its limit.
 *
 * <p>Threads: Jetty's threads open and close connections and begin and end requests; the sweeper
 * only reads the per-connection figures they write (volatile fields) and closes endpoints.
 */
final class SlowRequestGuard extends Handler.Wrapper implements Connection.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(SlowRequestGuard.class);

  private final long headerTimeoutMillis;
  private final long minBytesPerSecond;
  private final InstantSource clock;
  private final long sweepMillis;
  private final Map<Connection, Tracked> connections = new ConcurrentHashMap<>();
  private ScheduledExecutorService sweeper;

  SlowRequestGuard(long headerTimeoutMillis, long minBytesPerSecond, InstantSource clock) {
    this.headerTimeoutMillis = headerTimeoutMillis;
    this.minBytesPerSecond = minBytesPerSecond;
    this.clock = clock;
    this.sweepMillis = Math.clamp(headerTimeoutMillis / 4, 50, 1_000);
  }

  /** What the sweeper needs to know of one connection. */
  private static final class Tracked {
    final Connection connection;

    /** Bytes the connection had received when it last waited for a request. */
    volatile long idleBytesIn;

    /** When the sweeper first saw bytes of the next request, or -1. */
    volatile long requestBegunMillis = -1;

    /** When the current request's headers were in, or -1 between requests. */
    volatile long headersDoneMillis = -1;

    volatile long bodyBytes;
    volatile boolean bodyPending;

    Tracked(Connection connection) {
      this.connection = connection;
    }
  }

  @Override
  protected void doStart() throws Exception {
    sweeper =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "gridwork-slow-request-sweeper");
              t.setDaemon(true);
              return t;
            });
    sweeper.scheduleWithFixedDelay(this::sweep, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    super.doStart();
  }

  @Override
  protected void doStop() throws Exception {
    super.doStop();
    sweeper.shutdownNow();
  }

  @Override
  public void onOpened(Connection connection) {
    connections.put(connection, new Tracked(connection));
  }

  @Override
  public void onClosed(Connection connection) {
    connections.remove(connection);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    Connection connection = request.getConnectionMetaData().getConnection();
    Tracked t = connections.get(connection);
    Handler next = getHandler();
    if (t == null || next == null) {
      return next != null && next.handle(request, response, callback);
    }
    t.bodyBytes = 0;
    t.bodyPending =
        request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    t.headersDoneMillis = clock.millis();
    t.requestBegunMillis = -1;
    Request counted =
        new Request.Wrapper(request) {
          @Override
          public Content.Chunk read() {
            Content.Chunk chunk = super.read();
            if (chunk != null) {
              t.bodyBytes += chunk.remaining();
              if (chunk.isLast()) {
                t.bodyPending = false;
              }
            }
            return chunk;
          }
        };
    Callback done =
        Callback.from(
            callback,
            () -> {
              t.bodyPending = false;
              t.headersDoneMillis = -1;
              t.idleBytesIn = connection.getBytesIn();
            });
    return next.handle(counted, response, done);
  }

  private void sweep() {
    long now = clock.millis();
    for (Tracked t : connections.values()) {
      try {
        check(t, now);
      } catch (RuntimeException e) {
        LOG.warn("checking a connection for slow requests failed", e);
      }
    }
  }

  private void check(Tracked t, long now) {
    long headersDone = t.headersDoneMillis;
    if (headersDone < 0) {
      if (t.connection.getBytesIn() <= t.idleBytesIn) {
        return;
      }
      long begun = t.requestBegunMillis;
      if (begun < 0) {
        t.requestBegunMillis = now;
      } else if (now - begun > headerTimeoutMillis) {
        close(t, "its request line and headers took longer than " + headerTimeoutMillis + " ms");
      }
      return;
    }
    long elapsed = now - headersDone;
    if (t.bodyPending
        && elapsed > headerTimeoutMillis
        && t.bodyBytes * 1_000 < minBytesPerSecond * elapsed) {
      close(
          t,
          "its request body arrived at "
              + t.bodyBytes * 1_000 / elapsed
              + " bytes/s, below "
              + minBytesPerSecond);
    }
  }

  private void close(Tracked t, String why) {
    LOG.debug(
        "closing connection from {}: {}", t.connection.getEndPoint().getRemoteSocketAddress(), why);
    connections.remove(t.connection);
    t.connection.getEndPoint().close();
  }
}
