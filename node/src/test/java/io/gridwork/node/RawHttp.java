package io.gridwork.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Speaks HTTP/1.1 over a plain socket, for requests that no client library sends: malformed ones,
 * oversized ones, and ones that arrive a byte at a time.
 */
public final class RawHttp {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final int port;

  public RawHttp(int port) {
    this.port = port;
  }

  /** A response as read off the wire. */
  public record Answer(int status, String head, String body) {
    public String contentType() {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-type")) {
          return line.substring(colon + 1).trim();
        }
      }
      return "";
    }

    public JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }
  }

  /** Opens a connection; the caller closes it. */
  public Socket connect() {
    try {
      Socket s = new Socket();
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(30_000);
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends {@code head} (the request line and headers, with their blank line) and no body. */
  public Answer send(String head) {
    return send(head.getBytes(StandardCharsets.ISO_8859_1), new byte[0]);
  }

  /**
   * Sends {@code head} then {@code body}, reading the answer while the body is still being written:
   * a server may answer, and stop reading, before the body ends.
   */
  public Answer send(byte[] head, byte[] body) {
    try (Socket s = connect()) {
      CompletableFuture<Answer> answer = CompletableFuture.supplyAsync(() -> read(s));
      OutputStream out = s.getOutputStream();
      try {
        out.write(head);
        for (int off = 0; off < body.length; off += 1 << 20) {
          out.write(body, off, Math.min(1 << 20, body.length - off));
        }
        out.flush();
      } catch (SocketException e) {
        // The server answered early and closed; its answer is what the test wants.
      }
      return answer.get(30, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("no answer", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer within 30 s", e);
    }
  }

  /** Reads one response: status line, headers, and a body of Content-Length bytes or to EOF. */
  public static Answer read(Socket s) {
    try {
      InputStream in = s.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int matched = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("connection closed after " + head.size() + " bytes: " + head);
        }
        head.write(b);
        matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      String headText = head.toString(StandardCharsets.ISO_8859_1);
      int status = Integer.parseInt(headText.substring(9, 12));
      long length = -1;
      for (String line : headText.split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Long.parseLong(line.substring(15).trim());
        }
      }
      byte[] body = length >= 0 ? in.readNBytes((int) length) : in.readAllBytes();
      return new Answer(status, headText, new String(body, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
