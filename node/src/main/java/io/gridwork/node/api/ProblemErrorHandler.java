package io.gridwork.node.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty finds before any route runs (a URI it will not map, a malformed or
 * oversized request line or header set) as {@code application/problem+json}, like every other error
 * of the API, instead of Jetty's HTML page.
 */
final class ProblemErrorHandler extends ErrorHandler {
  private final ObjectMapper mapper;

  ProblemErrorHandler(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    if (status < 400) {
      status = 500;
    }
    Object message = request.getAttribute(ERROR_MESSAGE);
    Problem problem = problemFor(status, message instanceof String s ? s : null);
    byte[] body;
    try {
      body = mapper.writeValueAsBytes(problem);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a problem", e);
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/problem+json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }

  static Problem problemFor(int status, String message) {
    String why = message == null || message.isBlank() ? "HTTP " + status : message;
    return switch (status) {
      case 400 ->
          Problem.of(
              400,
              "BAD_REQUEST",
              "Bad request",
              "the request is not valid HTTP or names a path outside the API (" + why + ")");
      case 404 -> Problem.of(404, "NOT_FOUND", "Not found", "no such route; see /v1/openapi.yaml");
      case 408 ->
          Problem.of(
              408, "REQUEST_TIMEOUT", "Request timeout", "the request arrived too slowly: " + why);
      case 413 -> Problem.of(413, "PAYLOAD_TOO_LARGE", "Payload too large", why);
      case 414 ->
          Problem.of(
              414,
              "URI_TOO_LONG",
              "URI too long",
              "the request line is longer than the node accepts; send large data in the body");
      case 431 ->
          Problem.of(
              431,
              "HEADERS_TOO_LARGE",
              "Request header fields too large",
              "the request headers are larger than the node accepts; send fewer or shorter ones");
      default ->
          status >= 500
              ? Problem.of(status, "INTERNAL_ERROR", "Internal error", why)
              : Problem.of(status, "BAD_REQUEST", "Bad request", why);
    };
  }
}
