package io.gridwork.protocol.spec;

/**
 * One thing wrong with a spec: where ({@code resources.gpu.count}) and what, in words a user can
 * act on.
 */
public record SpecError(String path, String message) {
  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
