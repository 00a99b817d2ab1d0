package io.gridwork.cli;

import static io.gridwork.cli.FaultNetwork.GRID;
import static io.gridwork.cli.FaultNetwork.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridwork.agent.sample.RenderOptions;
import io.gridwork.agent.sample.SampleRenderer;
import io.gridwork.api.LeaseInfo;
import io.gridwork.cli.FaultNetwork.AgentProcess;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.event.ServiceCharged;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.testkit.JobSpecBuilder;
import io.gridwork.testkit.TestKeys;
import io.gridwork.testkit.TxFactory;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A buyer rents an endpoint: a service job running {@code gridwork sample serve} is won by a real
 * {@code gridwork agent start} process, served from its bwrap sandbox through the sandbox's
 * forwarder, charged per block while it is live, and stopped and refunded when the buyer closes the
 * job.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ServiceEndpointTest {
  private static final KeyPair BUYER = TestKeys.key("service-endpoint-buyer");
  private static final KeyPair PROVIDER = TestKeys.key("service-endpoint-provider");
  private static final Map<String, String> POOL = Map.of("pool", "endpoint");
  private static final RenderOptions SMALL =
      new RenderOptions(48, 27, 4, RenderOptions.DEFAULT.maxBounces());
  private static final long DEPOSIT = 5 * GRID;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path dir;

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static JobSpec endpoint(int port) {
    List<String> command =
        List.of(
            "gridwork",
            "sample",
            "serve",
            "--port",
            Integer.toString(port),
            "--width",
            Integer.toString(SMALL.width()),
            "--height",
            Integer.toString(SMALL.height()),
            "--samples",
            Integer.toString(SMALL.samplesPerPixel()));
    JobSpecBuilder builder =
        JobSpecBuilder.service(GRID, DEPOSIT)
            .name("endpoint")
            .gpus(1)
            .allowSimulated()
            .command(command)
            .network()
            .expose(port, true);
    POOL.forEach(builder::attribute);
    return builder.build();
  }

  private static HttpResponse<byte[]> get(int port, String path)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static boolean answers(int port) {
    try {
      return get(port, "/healthz").statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Processes under this JVM (the agent's sandbox among them) serving on {@code port}. */
  private static List<ProcessHandle> servers(int port) {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .filter(
            p ->
                p.info()
                    .commandLine()
                    .map(c -> c.contains("sample serve --port " + port))
                    .orElse(false))
        .toList();
  }

  @Test
  void aRentedEndpointServesFramesIsChargedAndIsRefundedWhenClosed() throws Exception {
    assumeTrue(FaultNetwork.missing("bwrap").isEmpty(), "bwrap is not installed");
    try (FaultNetwork net =
        new FaultNetwork(dir, "service-endpoint", List.of(BUYER, PROVIDER), p -> p)) {
      Path jar = RunnableJar.build(dir.resolve("gridwork.jar"));
      Map<String, Object> settings =
          FaultNetwork.with(
              FaultNetwork.with(
                  FaultNetwork.with(
                      net.settings(POOL, "0.30GRID", 1), "gridworkJar", jar.toString()),
                  "publicHost",
                  "127.0.0.1"),
              "serviceProbeIntervalMillis",
              500);
      AgentProcess agent = net.startHonestAgent("provider", PROVIDER, settings);
      net.awaitRunning(agent);
      int port = freePort();
      long buyerBefore = net.balance(BUYER.address());

      Hash jobId = net.txs.nextJobId(BUYER);
      net.commit(net.txs.createJob(BUYER, endpoint(port)));

      await().atMost(TIMEOUT).until(() -> !net.client.leases(jobId).isEmpty());
      Hash leaseId = net.client.leases(jobId).getFirst().id();
      await()
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofMillis(250))
          .ignoreException(ConnectException.class)
          .until(() -> answers(port));
      HttpResponse<byte[]> frame = get(port, "/frame/3");
      assertThat(frame.statusCode()).isEqualTo(200);
      assertThat(frame.body()).isEqualTo(SampleRenderer.renderPng(3, SMALL));

      await().atMost(TIMEOUT).until(() -> net.events(ServiceCharged.class, jobId).size() >= 2);
      assertThat(net.client.job(jobId).orElseThrow().escrow()).isLessThan(DEPOSIT);
      Cli.Result status = new Cli().run("job", "status", jobId.toHex(), "--node", net.url());
      assertThat(status.exitCode()).as(status.err()).isZero();
      assertThat(status.out()).contains("endpoints: 127.0.0.1:" + port).contains("running");
      Cli.Result agentStatus =
          new Cli().run("agent", "status", "--home", dir.resolve("provider").toString());
      assertThat(agentStatus.out()).contains("live").contains("ports [" + port + "]");

      net.commit(net.txs.closeJob(BUYER, jobId));

      await().atMost(TIMEOUT).until(() -> !net.client.lease(leaseId).orElseThrow().open());
      await().atMost(TIMEOUT).until(() -> servers(port).isEmpty());
      assertThat(answers(port)).isFalse();
      LeaseInfo closed = net.client.lease(leaseId).orElseThrow();
      assertThat(closed.closeReason()).isNotNull();
      assertThat(net.client.job(jobId).orElseThrow().escrow()).isZero();
      // Billing started with the first heartbeat, once the endpoint was up, not at the auction.
      JsonNode view =
          Json.MAPPER.readTree(
              HTTP.send(
                      HttpRequest.newBuilder(
                              URI.create(net.url() + "/v1/leases/" + leaseId.toHex()))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      long billingSince = view.path("billingSince").asLong();
      assertThat(billingSince).isGreaterThan(closed.openedHeight());
      assertThat(closed.paid())
          .isPositive()
          .isLessThanOrEqualTo(closed.ratePerBlock() * (closed.closedHeight() - billingSince));
      // The buyer paid two fees and the blocks it was charged; the rest of the deposit came back.
      assertThat(net.balance(BUYER.address()))
          .isEqualTo(buyerBefore - 2 * TxFactory.DEFAULT_FEE - closed.paid());
    }
  }
}
