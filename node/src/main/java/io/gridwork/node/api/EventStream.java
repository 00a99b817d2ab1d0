package io.gridwork.node.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridwork.api.BlockEvent;
import io.gridwork.node.consensus.BlockFeed;
import io.gridwork.node.consensus.CommittedBlock;
import io.gridwork.node.storage.ChainHead;
import io.gridwork.node.storage.ChainStore;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/events}: a Server-Sent Events stream with one {@code block} message per block (SSE
 * id = height), starting at {@code fromHeight} (or after {@code Last-Event-ID}).
 *
 * <p>No gap, no duplicate: the stream subscribes to the feed before it reads the head, sends stored
 * blocks up to the head, and treats live blocks only as a wake-up, always sending the next height
 * it owes, from memory when the live block is that one and from the store otherwise. A slow client
 * therefore loses nothing when its small live queue overflows. A start beyond the head's next block
 * is refused ({@code HEIGHT_AHEAD}) rather than left waiting. Each stream runs on its request's
 * virtual thread.
 */
final class EventStream implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
  private static final int LIVE_QUEUE = 64;
  private static final byte[] KEEPALIVE = ": keepalive\n\n".getBytes(StandardCharsets.UTF_8);

  private final ChainStore store;
  private final Supplier<ChainHead> head;
  private final BlockFeed feed;
  private final ObjectMapper mapper;
  private volatile boolean closed;

  EventStream(ChainStore store, Supplier<ChainHead> head, BlockFeed feed, ObjectMapper mapper) {
    this.store = store;
    this.head = head;
    this.feed = feed;
    this.mapper = mapper;
  }

  @SuppressWarnings("try") // the subscription only needs to live as long as the stream
  void handle(Context ctx) {
    long from = startHeight(ctx);
    long latest = head.get().height();
    if (from > latest + 1) {
      // A client that has handled blocks this chain does not have follows another chain (or this
      // one before it was re-initialised): an open stream would send it nothing, ever.
      throw new ProblemException(
          400,
          "HEIGHT_AHEAD",
          "Height ahead of the chain",
          "fromHeight "
              + from
              + " is beyond this chain's next block "
              + (latest + 1)
              + " (its head is "
              + latest
              + "); the client has followed another chain or this one before it was"
              + " re-initialised");
    }
    BlockingQueue<CommittedBlock> live = new ArrayBlockingQueue<>(LIVE_QUEUE);
    try (BlockFeed.Subscription subscription = feed.subscribe(live::offer)) {
      ctx.res().setStatus(200);
      ctx.res().setContentType("text/event-stream");
      ctx.res().setCharacterEncoding("UTF-8");
      ctx.res().setHeader("Cache-Control", "no-cache");
      ctx.res().setHeader("X-Accel-Buffering", "no");
      OutputStream out = ctx.res().getOutputStream();
      out.write(": gridwork block stream\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      stream(out, from, live);
    } catch (IOException e) {
      LOG.debug("event stream client went away: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void stream(OutputStream out, long from, BlockingQueue<CommittedBlock> live)
      throws IOException, InterruptedException {
    long next = from;
    while (!closed) {
      long latest = head.get().height();
      while (next <= latest && !closed) {
        send(out, stored(next));
        next++;
      }
      CommittedBlock b = live.poll(1, TimeUnit.SECONDS);
      if (b == null) {
        out.write(KEEPALIVE);
        out.flush();
      } else if (b.height() == next) {
        send(out, message(b));
        next++;
      }
    }
  }

  private BlockEvent stored(long height) {
    return message(StoredBlocks.load(store, height));
  }

  private static BlockEvent message(CommittedBlock b) {
    return Views.message(b.block(), b.hash(), b.txHashes(), b.results());
  }

  private void send(OutputStream out, BlockEvent m) throws IOException {
    String frame =
        "id: " + m.height() + "\nevent: block\ndata: " + mapper.writeValueAsString(m) + "\n\n";
    out.write(frame.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private long startHeight(Context ctx) {
    String fromHeight = ctx.queryParam("fromHeight");
    if (fromHeight != null) {
      return parseHeight("fromHeight", fromHeight);
    }
    String lastId = ctx.header("Last-Event-ID");
    if (lastId != null && !lastId.isBlank()) {
      return Math.min(parseHeight("Last-Event-ID", lastId.strip()), Long.MAX_VALUE - 1) + 1;
    }
    return head.get().height() + 1;
  }

  private static long parseHeight(String name, String text) {
    long h;
    try {
      h = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new ProblemException(
          400, "BAD_HEIGHT", "Bad request", name + " '" + text + "' is not a whole number");
    }
    if (h < 0) {
      throw new ProblemException(
          400, "BAD_HEIGHT", "Bad request", name + " must not be negative, got " + h);
    }
    return h;
  }

  @Override
  public void close() {
    closed = true;
  }
}
