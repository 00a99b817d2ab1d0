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
 * <p>One thread runs {@link #drain()}; other threads read the results only after it returned.
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

  /** Reads until end of stream and closes the sink; the sink receives at most {@code cap} bytes. */
  void drain() {
    byte[] buffer = new byte[8192];
    try (source;
        sink) {
      int n;
      while ((n = source.read(buffer)) != -1) {
        long room = cap - total;
        if (room > 0) {
          sink.write(buffer, 0, (int) Math.min(room, n));
        }
        remember(buffer, n);
        total += n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading a child process's output failed", e);
    }
  }

  private void remember(byte[] buffer, int n) {
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
  long totalBytes() {
    return total;
  }

  /** The last bytes the child wrote, decoded as UTF-8 (a split character becomes U+FFFD). */
  String tail() {
    int kept = (int) Math.min(total, tail.length);
    return new String(tail, tail.length - kept, kept, StandardCharsets.UTF_8);
  }
}
