package io.gridwork.protocol.codec;

/**
 * Bytes that are not the canonical encoding of the expected value. Codecs catch it at their
 * boundary and turn it into a decode error value; it never escapes to a caller of {@code decode}.
 */
public final class MalformedDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedDataException(String message) {
    super(message, null, false, false);
  }
}
