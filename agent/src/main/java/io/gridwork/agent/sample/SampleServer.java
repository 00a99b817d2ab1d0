package io.gridwork.agent.sample;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny HTTP endpoint serving frames of the sample scene: the service counterpart of the sample
 * render, so a provider's sandbox can run a real endpoint without downloading a program. {@code GET
 * /healthz} answers {@code ok}; {@code GET /frame/N} answers frame N as the PNG {@link
 * SampleRenderer#renderPng} makes, byte for byte.
 *
 * <p>Requests are served on virtual threads; one render uses the cores it is given.
 */
public final class SampleServer implements AutoCloseable {
  private static final String FRAME_PATH = "/frame/";
  private static final int MAX_FRAME = 1_000_000;

  private final HttpServer server;
  private final ExecutorService executor;
  private final RenderOptions options;

  private SampleServer(HttpServer server, ExecutorService executor, RenderOptions options) {
    this.server = server;
    this.executor = executor;
    this.options = options;
  }

  /** Listens on {@code port} of every address (0 picks a free one) and serves until closed. */
  public static SampleServer start(int port, RenderOptions options) throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(port), 64);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    SampleServer sample = new SampleServer(http, executor, options);
    http.setExecutor(executor);
    http.createContext("/", sample::handle);
    http.start();
    return sample;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!"GET".equals(exchange.getRequestMethod())) {
        text(exchange, 405, "only GET is served\n");
      } else if (path.equals("/healthz")) {
        text(exchange, 200, "ok\n");
      } else if (path.startsWith(FRAME_PATH)) {
        frame(exchange, path.substring(FRAME_PATH.length()));
      } else {
        text(exchange, 404, "not found; try GET /healthz or GET /frame/0\n");
      }
    }
  }

  private void frame(HttpExchange exchange, String number) throws IOException {
    int frame;
    try {
      frame = Integer.parseInt(number);
    } catch (NumberFormatException e) {
      text(exchange, 400, "frame must be a whole number, got '" + number + "'\n");
      return;
    }
    if (frame < 0 || frame > MAX_FRAME) {
      text(exchange, 400, "frame must be from 0 to " + MAX_FRAME + ", got " + frame + "\n");
      return;
    }
    send(exchange, 200, "image/png", SampleRenderer.renderPng(frame, options));
  }

  private static void text(HttpExchange exchange, int status, String body) throws IOException {
    send(exchange, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Stops accepting requests and ends those in progress at once. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
