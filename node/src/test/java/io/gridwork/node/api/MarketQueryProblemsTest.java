package io.gridwork.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridwork.client.GridworkClient;
import io.gridwork.node.HttpProbe;
import io.gridwork.node.Node;
import io.gridwork.node.TestChain;
import io.gridwork.protocol.crypto.Hash;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Malformed and unknown ids in the marketplace routes answer problems a caller can act on. */
class MarketQueryProblemsTest {
  private static final String UNKNOWN = Hash.sha256(new byte[] {1}).toHex();
  private static final String ADDRESS = TestChain.user(0).address().toString();

  @TempDir static Path dataDir;
  static Node node;
  static HttpProbe http;
  static GridworkClient client;

  @BeforeAll
  static void startNode() {
    node = Node.start(TestChain.config(dataDir), TestChain.genesis());
    http = new HttpProbe(node.apiPort());
    client = new GridworkClient("http://127.0.0.1:" + node.apiPort());
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  private static void assertProblem(HttpProbe.Answer a, int status, String code) {
    assertThat(a.status()).as(a.body()).isEqualTo(status);
    assertThat(a.contentType()).startsWith("application/problem+json");
    JsonNode p = a.json();
    assertThat(p.get("code").asText()).isEqualTo(code);
    assertThat(p.get("status").asInt()).isEqualTo(status);
    assertThat(p.get("detail").asText()).isNotBlank();
  }

  @ParameterizedTest
  @CsvSource({
    "/v1/jobs/xyz, BAD_JOB_ID",
    "/v1/jobs/abcd/bids, BAD_JOB_ID",
    "/v1/jobs/abcd/leases, BAD_JOB_ID",
    "/v1/jobs/abcd/units, BAD_JOB_ID",
    "/v1/leases/not-a-lease, BAD_LEASE_ID",
    "/v1/providers/grid1nope/leases, BAD_ADDRESS",
    "/v1/jobs?buyer=grid1nope, BAD_ADDRESS",
    "/v1/jobs?status=running, BAD_STATUS",
    "/v1/jobs?limit=0, BAD_LIMIT",
    "/v1/jobs?limit=lots, BAD_LIMIT",
    "/v1/jobs?limit=1001, BAD_LIMIT",
    "/v1/jobs?status=done, BAD_QUERY",
    "/v1/blobs/xyz, BAD_HASH",
  })
  void aMalformedIdOrParameterIsABadRequest(String path, String code) {
    assertProblem(http.get(path), 400, code);
  }

  @Test
  void anUnknownLeaseStatusIsABadRequest() {
    assertProblem(
        http.get("/v1/providers/" + ADDRESS + "/leases?status=paused"), 400, "BAD_STATUS");
  }

  @Test
  void aNegativeUnitOffsetIsABadRequest() {
    assertProblem(http.get("/v1/jobs/" + UNKNOWN + "/units?from=-1"), 400, "BAD_FROM");
  }

  @ParameterizedTest
  @CsvSource({"''", "/bids", "/leases", "/units"})
  void anUnknownJobIsNotFound(String suffix) {
    assertProblem(http.get("/v1/jobs/" + UNKNOWN + suffix), 404, "JOB_NOT_FOUND");
  }

  @Test
  void anUnknownLeaseIsNotFound() {
    assertProblem(http.get("/v1/leases/" + UNKNOWN), 404, "LEASE_NOT_FOUND");
    assertThat(client.lease(Hash.fromHex(UNKNOWN))).isEmpty();
  }

  @Test
  void theClientAnswersEmptyForAnUnknownJob() {
    assertThat(client.job(Hash.fromHex(UNKNOWN))).isEmpty();
  }

  @Test
  void anAddressWithoutJobsOrLeasesHasEmptyLists() {
    assertThat(client.jobs(TestChain.user(0).address())).isEmpty();
    assertThat(client.providerLeases(TestChain.user(0).address())).isEmpty();
  }
}
