package io.gridwork.protocol.spec;

/** Bounds a provider enforces on each unit: wall-clock time and the bytes of output kept. */
public record Limits(long unitTimeoutSeconds, long maxOutputBytesPerUnit) {
  public static final Limits DEFAULT = new Limits(3_600, 1L << 30);
}
