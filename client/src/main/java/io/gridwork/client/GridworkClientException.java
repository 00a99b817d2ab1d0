package io.gridwork.client;

/**
 * The node could not be reached or could not answer (connection refused, 5xx, an answer this client
 * cannot read), or it refused a request the caller should not have made. The message names the node
 * URL and what to do; {@code code} is the node's problem code when it sent one.
 */
public final class GridworkClientException extends RuntimeException {
  private final int status;
  private final String code;

  public GridworkClientException(String message, int status, String code, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.code = code;
  }

  /** The HTTP status, or 0 when there was no answer. */
  public int status() {
    return status;
  }

  /** The node's problem code (e.g. {@code BAD_ADDRESS}), or null. */
  public String code() {
    return code;
  }
}
