package io.gridwork.client;

import io.gridwork.api.BlockEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Reads the node's Server-Sent Events stream on its own thread and hands each block to the
 * consumer. It remembers the next height it owes, so after a dropped connection it asks for exactly
 * that height again. A refusal by the node (HTTP 4xx) or an exception from the consumer ends the
 * stream and goes to the failure handler, so whoever waits on blocks learns why none come. The
 * thread owns all fields but {@code closed} and {@code current}, which {@link #close()} uses to
 * stop it.
 */
final class EventSubscription implements AutoCloseable {
  private static final Duration RECONNECT_DELAY = Duration.ofMillis(500);

  private final GridworkClient client;
  private final Consumer<BlockEvent> consumer;
  private final Consumer<RuntimeException> onFailure;
  private final Thread thread;
  private volatile boolean closed;
  private volatile InputStream current;
  private long next;

  private EventSubscription(
      GridworkClient client,
      long fromHeight,
      Consumer<BlockEvent> consumer,
      Consumer<RuntimeException> onFailure) {
    this.client = client;
    this.consumer = consumer;
    this.onFailure = onFailure;
    this.next = fromHeight;
    this.thread = Thread.ofPlatform().daemon().name("gridwork-events").unstarted(this::run);
  }

  static EventSubscription start(
      GridworkClient client,
      long fromHeight,
      Consumer<BlockEvent> consumer,
      Consumer<RuntimeException> onFailure) {
    if (fromHeight < 0) {
      throw new IllegalArgumentException("fromHeight must not be negative, got " + fromHeight);
    }
    EventSubscription s = new EventSubscription(client, fromHeight, consumer, onFailure);
    s.thread.start();
    return s;
  }

  private void run() {
    while (!closed) {
      try {
        readStream();
      } catch (IOException e) {
        // The node went away or restarted: reconnect from the next height below.
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        closed = true;
        onFailure.accept(e);
        return;
      }
      if (closed) {
        return;
      }
      try {
        Thread.sleep(RECONNECT_DELAY);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void readStream() throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(client.uri("/v1/events?fromHeight=" + next))
            .header("Accept", "text/event-stream")
            .GET()
            .build();
    HttpResponse<InputStream> response =
        client.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        byte[] body = in.readAllBytes();
        if (response.statusCode() >= 400 && response.statusCode() < 500) {
          closed = true;
          throw client.refused("the event stream from height " + next, response.statusCode(), body);
        }
        throw new IOException("event stream answered HTTP " + response.statusCode());
      }
      current = in;
      if (closed) {
        return;
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String event = null;
      StringBuilder data = new StringBuilder();
      String line;
      while (!closed && (line = reader.readLine()) != null) {
        if (line.isEmpty()) {
          if ("block".equals(event) && !data.isEmpty()) {
            deliver(data.toString());
          }
          event = null;
          data.setLength(0);
        } else if (line.startsWith("event:")) {
          event = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
          if (!data.isEmpty()) {
            data.append('\n');
          }
          data.append(line.substring(5).strip());
        }
      }
    }
  }

  private void deliver(String json) {
    BlockEvent block = client.blockEvent(json);
    // A reconnect never repeats a block the consumer already has.
    if (block.height() < next) {
      return;
    }
    consumer.accept(block);
    next = block.height() + 1;
  }

  @Override
  public void close() {
    closed = true;
    InputStream in = current;
    if (in != null) {
      try {
        in.close();
      } catch (IOException e) {
        // Closing a stream that is already broken changes nothing; the thread is ending anyway.
      }
    }
    thread.interrupt();
  }
}
