package io.gridwork.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class GridworkClientTest {

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void anUnreachableNodeIsAnExceptionNamingTheUrlAndHowToStartIt() throws IOException {
    String url = "http://127.0.0.1:" + closedPort();
    GridworkClient client = new GridworkClient(url);

    assertThatThrownBy(client::status)
        .isInstanceOf(GridworkClientException.class)
        .hasMessageContaining(url)
        .hasMessageContaining("is the node running?")
        .hasMessageContaining("gridwork node start");
  }

  @Test
  void aUrlEndingInTheApiPathNamesTheSameNode() {
    assertThat(new GridworkClient("http://127.0.0.1:7700/v1/").baseUri())
        .isEqualTo(new GridworkClient("http://127.0.0.1:7700").baseUri())
        .hasToString("http://127.0.0.1:7700");
  }

  @Test
  void aNegativeStartHeightIsRefused() {
    GridworkClient client = new GridworkClient("http://127.0.0.1:1");

    assertThatThrownBy(() -> client.events(-1, b -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fromHeight");
  }
}
