package io.gridwork.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * Says in words why a file could not be read or written: NIO's exceptions for the common cases
 * carry only the path as their message, which reads as no reason at all.
 */
final class FileErrors {
  private FileErrors() {}

  static String reason(IOException e) {
    return switch (e) {
      case NoSuchFileException missing -> "it does not exist";
      case AccessDeniedException denied -> "permission denied";
      default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    };
  }
}
