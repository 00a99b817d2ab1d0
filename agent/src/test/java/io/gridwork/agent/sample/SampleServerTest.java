package io.gridwork.agent.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sample service over real HTTP on a loopback port. */
class SampleServerTest {
  private static final RenderOptions SMALL = new RenderOptions(32, 18, 2, 2);
  private static SampleServer server;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws IOException {
    server = SampleServer.start(0, SMALL);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void aFrameIsTheSamePngAsTheSampleRender() throws Exception {
    HttpResponse<byte[]> response = get("/frame/3");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("image/png");
    assertThat(response.body()).isEqualTo(SampleRenderer.renderPng(3, SMALL));
  }

  @Test
  void healthzAnswersOk() throws Exception {
    HttpResponse<byte[]> response = get("/healthz");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new String(response.body())).isEqualTo("ok\n");
  }

  @Test
  void aFrameThatIsNotANumberIsABadRequest() throws Exception {
    assertThat(get("/frame/three").statusCode()).isEqualTo(400);
  }

  @Test
  void anUnknownPathIsNotFound() throws Exception {
    assertThat(get("/index.html").statusCode()).isEqualTo(404);
  }
}
