package io.gridwork.node.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

/** Writes a route's answer: a record as JSON, or a problem as {@code application/problem+json}. */
final class Answers {
  static final String PROBLEM_ATTRIBUTE = "gridwork.problem";
  private static final String JSON = "application/json";
  private static final String PROBLEM_JSON = "application/problem+json";

  private final ObjectMapper mapper;

  Answers(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  void json(Context ctx, int status, Object body) {
    try {
      ctx.status(status).contentType(JSON).result(mapper.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + body.getClass().getSimpleName(), e);
    }
  }

  void problem(Context ctx, Problem p) {
    ctx.attribute(PROBLEM_ATTRIBUTE, p);
    try {
      ctx.status(p.status()).contentType(PROBLEM_JSON).result(mapper.writeValueAsBytes(p));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a problem", e);
    }
  }
}
