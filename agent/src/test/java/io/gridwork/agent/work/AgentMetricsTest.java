package io.gridwork.agent.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class AgentMetricsTest {
  @Test
  void metricsEndpointServesTheCountersInPrometheusText() throws Exception {
    try (AgentMetrics metrics = new AgentMetrics(() -> 3)) {
      metrics.unitsRun.addAndGet(5);
      metrics.bidsPlaced.incrementAndGet();
      metrics.auditsDone.addAndGet(2);
      int port = metrics.serve(0);

      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body())
          .contains("gridwork_agent_units_run_total 5\n")
          .contains("gridwork_agent_units_failed_total 0\n")
          .contains("gridwork_agent_bids_placed_total 1\n")
          .contains("gridwork_agent_audits_done_total 2\n")
          .contains("gridwork_agent_audits_failed_total 0\n")
          .contains("gridwork_agent_leases_active 3\n");
    }
  }
}
