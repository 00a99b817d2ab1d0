package io.gridwork.protocol.crypto;

/**
 * A key file that cannot be opened: wrong passphrase, altered or foreign file, unsupported format.
 * Checked because every caller reads a file a user handed it and must tell that user what to fix.
 */
public final class KeyFileException extends Exception {
  private static final long serialVersionUID = 1L;

  public KeyFileException(String message) {
    super(message);
  }
}
