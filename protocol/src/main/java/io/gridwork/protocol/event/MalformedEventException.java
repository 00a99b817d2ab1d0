package io.gridwork.protocol.event;

/** The canonical form of an event of a known kind whose attributes do not fit that kind. */
public final class MalformedEventException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedEventException(String message) {
    super(message);
  }

  MalformedEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
