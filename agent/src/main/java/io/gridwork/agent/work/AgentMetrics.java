package io.gridwork.agent.work;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * The agent's counters and their Prometheus text exposition on {@code /metrics}. A handful of
 * numbers do not justify a metrics library in the agent; the format written is Prometheus text
 * 0.0.4.
 *
 * <p>Counters are atomics, safe from any thread; the server runs on its own virtual threads.
 */
public final class AgentMetrics implements AutoCloseable {
  public final AtomicLong unitsRun = new AtomicLong();
  public final AtomicLong unitsFailed = new AtomicLong();
  public final AtomicLong bidsPlaced = new AtomicLong();
  public final AtomicLong auditsDone = new AtomicLong();
  public final AtomicLong auditsFailed = new AtomicLong();
  private final IntSupplier leasesActive;
  private HttpServer server;

  public AgentMetrics(IntSupplier leasesActive) {
    this.leasesActive = leasesActive;
  }

  /** Serves {@code /metrics} on 127.0.0.1:{@code port} (0 picks a free port); returns the port. */
  public int serve(int port) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve agent metrics on port " + port, e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = render().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return server.getAddress().getPort();
  }

  String render() {
    return counter(
            "gridwork_agent_units_run_total",
            "Units that completed and were reported.",
            unitsRun.get())
        + counter(
            "gridwork_agent_units_failed_total",
            "Unit attempts that crashed, timed out or broke a limit.",
            unitsFailed.get())
        + counter("gridwork_agent_bids_placed_total", "Bids the node accepted.", bidsPlaced.get())
        + counter(
            "gridwork_agent_audits_done_total",
            "Audits re-executed and answered with a result the ledger accepted.",
            auditsDone.get())
        + counter(
            "gridwork_agent_audits_failed_total",
            "Audits whose re-execution failed, timed out or could not start before the deadline;"
                + " no result is sent for them.",
            auditsFailed.get())
        + "# HELP gridwork_agent_leases_active Leases this agent is running.\n"
        + "# TYPE gridwork_agent_leases_active gauge\n"
        + "gridwork_agent_leases_active "
        + leasesActive.getAsInt()
        + "\n";
  }

  private static String counter(String name, String help, long value) {
    return "# HELP "
        + name
        + " "
        + help
        + "\n# TYPE "
        + name
        + " counter\n"
        + name
        + " "
        + value
        + "\n";
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
    }
  }
}
