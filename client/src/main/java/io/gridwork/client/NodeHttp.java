package io.gridwork.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridwork.api.ApiJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The HTTP exchange with one node: requests, answers read as the API's records, and failures turned
 * into {@link GridworkClientException}s that say which URL and what to do. Thread-safe.
 */
final class NodeHttp {
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** An answer: its status and its body as JSON (empty when it had none). */
  record Response(int status, JsonNode json) {}

  private final URI base;
  private final HttpClient http;
  private final ObjectMapper mapper = ApiJson.mapper();

  NodeHttp(URI base) {
    this.base = base;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  URI base() {
    return base;
  }

  HttpClient http() {
    return http;
  }

  ObjectMapper mapper() {
    return mapper;
  }

  URI uri(String path) {
    return URI.create(base + path);
  }

  /** The record at {@code path}. */
  <T> T get(String path, Class<T> type) {
    return read(ok(get(path)), type);
  }

  /** The record at {@code path}, or empty when the node answers 404 with {@code notFoundCode}. */
  <T> Optional<T> find(String path, String notFoundCode, Class<T> type) {
    Response r = get(path);
    if (r.status() == 404 && notFoundCode.equals(r.json().path("code").asText())) {
      return Optional.empty();
    }
    return Optional.of(read(ok(r), type));
  }

  <T> T read(JsonNode json, Class<T> type) {
    try {
      return mapper.treeToValue(json, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw unreadable(e);
    }
  }

  Response get(String path) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/json")
            .GET()
            .build());
  }

  HttpRequest post(String path, JsonNode body) {
    try {
      return HttpRequest.newBuilder(uri(path))
          .timeout(REQUEST_TIMEOUT)
          .header("Content-Type", "application/json")
          .header("Accept", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)))
          .build();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a request body", e);
    }
  }

  Response send(HttpRequest request) {
    HttpResponse<byte[]> response = exchange(request, HttpResponse.BodyHandlers.ofByteArray());
    return response(response.statusCode(), response.body());
  }

  <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(request, handler);
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GridworkClientException(
          "interrupted while talking to the node at " + base, 0, null, e);
    }
  }

  Response response(int status, byte[] body) {
    JsonNode json;
    try {
      json = body.length == 0 ? mapper.createObjectNode() : mapper.readTree(body);
    } catch (IOException e) {
      if (status >= 500) {
        return new Response(status, mapper.createObjectNode());
      }
      throw unreadable(e);
    }
    return new Response(status, json);
  }

  JsonNode ok(Response r) {
    if (r.status() >= 200 && r.status() < 300) {
      return r.json();
    }
    throw failure(r);
  }

  GridworkClientException failure(Response r) {
    String code = r.json().hasNonNull("code") ? r.json().get("code").asText() : null;
    String detail = r.json().path("detail").asText("");
    if (r.status() >= 500) {
      return new GridworkClientException(
          "the Gridwork node at "
              + base
              + " failed (HTTP "
              + r.status()
              + (detail.isEmpty() ? "" : ": " + detail)
              + "); check the node's log, or restart it with `gridwork node start`",
          r.status(),
          code,
          null);
    }
    return new GridworkClientException(
        "the Gridwork node at "
            + base
            + " refused the request (HTTP "
            + r.status()
            + (code == null ? "" : " " + code)
            + (detail.isEmpty() ? "" : ": " + detail)
            + ")",
        r.status(),
        code,
        null);
  }

  /**
   * The node's refusal of {@code what} in one line: its problem code and detail (or title) when the
   * body is a problem document, else the body's first line.
   */
  GridworkClientException refused(String what, int status, byte[] body) {
    String code = null;
    String detail;
    try {
      JsonNode p = body.length == 0 ? mapper.createObjectNode() : mapper.readTree(body);
      code = p.hasNonNull("code") ? p.get("code").asText() : null;
      detail = p.path("detail").asText(p.path("title").asText(""));
    } catch (IOException e) {
      detail = new String(body, StandardCharsets.UTF_8).strip().lines().findFirst().orElse("");
    }
    return new GridworkClientException(
        "the node at "
            + base
            + " refused "
            + what
            + " (HTTP "
            + status
            + (code == null ? "" : " " + code)
            + (detail.isEmpty() ? "" : ": " + detail)
            + ")",
        status,
        code,
        null);
  }

  GridworkClientException unreachable(Exception e) {
    return new GridworkClientException(
        "cannot reach the Gridwork node at "
            + base
            + " ("
            + e
            + "); is the node running? start it with `gridwork node start`",
        0,
        null,
        e);
  }

  GridworkClientException unreadable(Exception e) {
    return new GridworkClientException(
        "the node at "
            + base
            + " sent an answer this client cannot read ("
            + e.getMessage()
            + "); are client and node the same version?",
        0,
        null,
        e);
  }
}
