package io.gridwork.node.api;

/**
 * Ends request handling with a problem answer. Route code throws it when a request cannot be served
 * (bad path parameter, unknown account); one handler turns it into the response.
 */
final class ProblemException extends RuntimeException {
  private final transient Problem problem;

  ProblemException(int status, String code, String title, String detail) {
    super(detail, null, false, false);
    this.problem = Problem.of(status, code, title, detail);
  }

  Problem problem() {
    return problem;
  }
}
