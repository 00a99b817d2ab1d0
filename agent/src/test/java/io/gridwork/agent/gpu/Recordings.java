package io.gridwork.agent.gpu;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the recorded nvidia-smi outputs under {@code src/test/resources/nvidia-smi}. */
final class Recordings {
  private Recordings() {}

  static String read(String name) {
    try (InputStream in = Recordings.class.getResourceAsStream("/nvidia-smi/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no recording " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
