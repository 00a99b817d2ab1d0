package io.gridwork.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpServer;
import io.gridwork.api.JobInfo;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.spec.JobSpecYaml;
import io.gridwork.testkit.JobSpecBuilder;
import io.gridwork.testkit.TestKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Jobs fetched from a small loopback HTTP server that answers every job with one spec. */
class JobSpecCacheTest {
  private static final JobSpec SPEC =
      JobSpecBuilder.batch(3, 1_000, 3_000).name("render").allowSimulated().build();

  private HttpServer server;

  @BeforeEach
  void startServer() throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode spec =
        (ObjectNode) new ObjectMapper(new YAMLFactory()).readTree(JobSpecYaml.write(SPEC));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v1/jobs/",
        exchange -> {
          String id = exchange.getRequestURI().getPath().substring("/v1/jobs/".length());
          ObjectNode job = json.createObjectNode();
          job.put("id", id)
              .put("buyer", TestKeys.key("cache-buyer").address().toString())
              .put("name", "render")
              .put("kind", "batch")
              .put("status", "OPEN")
              .put("createdHeight", 3)
              .put("biddingClosesAt", 8);
          job.putObject("units").put("total", 3).put("pending", 3);
          job.set("spec", spec);
          byte[] bytes = json.writeValueAsString(job).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void jobsWithTheSameSpecShareOneParsedSpec() {
    GridworkClient client = new GridworkClient("http://127.0.0.1:" + server.getAddress().getPort());

    JobInfo first = client.job(Hash.sha256(new byte[] {1})).orElseThrow();
    JobInfo second = client.job(Hash.sha256(new byte[] {2})).orElseThrow();

    assertThat(first.spec()).isEqualTo(SPEC);
    assertThat(second.spec()).isSameAs(first.spec());
    assertThat(second.id()).isNotEqualTo(first.id());
  }
}
