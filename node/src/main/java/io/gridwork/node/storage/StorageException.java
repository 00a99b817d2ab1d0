package io.gridwork.node.storage;

/** The chain database failed: a broken disk or a corrupt store, never an expected outcome. */
public final class StorageException extends RuntimeException {
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
