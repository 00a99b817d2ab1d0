package io.gridwork.protocol.error;

import java.util.Objects;

/**
 * A code this build does not know, kept by name so that a client talking to a newer node still
 * shows and compares what the node said instead of failing.
 */
public record UnknownCode(String name) implements ErrorCode {
  public UnknownCode {
    Objects.requireNonNull(name, "name");
  }

  /** The name, as an enum code prints itself. */
  @Override
  public String toString() {
    return name;
  }
}
