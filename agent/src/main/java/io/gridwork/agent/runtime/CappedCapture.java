package io.gridwork.agent.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Drains a child's output stream to the end, keeping at most a fixed number of leading bytes and
 * the last few kilobytes, so a chatty or hostile child can neither fill the disk nor block on a
 * full pipe.
 *
 * <p>One platform thread runs {@link #drain()}: a read from a pipe pins a virtual thread's carrier,
 * and a few pipes held open by a stuck child would starve every virtual thread in the agent. Other
 * threads may read the results at any time.
 */
final class CappedCapture {
  private final InputStream source;
  private final OutputStream sink;
  private final long cap;
  private final byte[] tail;
  private long total;

  CappedCapture(InputStream source, OutputStream sink, long cap, int tailBytes) {
    this.source = source;
    this.sink = sink;
    this.cap = cap;
    this.tail = new byte[tailBytes];
  }

  /** Starts draining on a new platform daemon thread. */
  Thread start(String name) {
    return Thread.ofPlatform().daemon().name(name).start(this::drain);
  }

  /** Reads until end of stream and closes the sink; the sink receives at most {@code cap} bytes. */
  void drain() {
    byte[] buffer = new byte[8192];
    try (source;
        sink) {
      int n;
      while ((n = source.read(buffer)) != -1) {
        long room = cap - totalBytes();
        if (room > 0) {
          sink.write(buffer, 0, (int) Math.min(room, n));
        }
        remember(buffer, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading a child process's output failed", e);
    }
  }

  private synchronized void remember(byte[] buffer, int n) {
    total += n;
    if (tail.length == 0) {
      return;
    }
    if (n >= tail.length) {
      System.arraycopy(buffer, n - tail.length, tail, 0, tail.length);
    } else {
      System.arraycopy(tail, n, tail, 0, tail.length - n);
      System.arraycopy(buffer, 0, tail, tail.length - n, n);
    }
  }

  /** Every byte the child wrote, including what was dropped past the cap. */
  synchronized long totalBytes() {
    return total;
  }

  /** The last bytes the child wrote, decoded as UTF-8 (a split character becomes U+FFFD). */
  synchronized String tail() {
    int kept = (int) Math.min(total, tail.length);
    return new String(tail, tail.length - kept, kept, StandardCharsets.UTF_8);
  }
}
