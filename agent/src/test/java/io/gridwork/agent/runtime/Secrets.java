package io.gridwork.agent.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/** A stand-in for a host secret (the agent's key file) and the search for it in what was made. */
public final class Secrets {
  private Secrets() {}

  /** A key file's worth of random text, found nowhere else. */
  public static byte[] secret() {
    byte[] random = new byte[48];
    ThreadLocalRandom.current().nextBytes(random);
    return ("PRIVATE-KEY-" + HexFormat.of().formatHex(random)).getBytes(StandardCharsets.US_ASCII);
  }

  public static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** Whether any plain file under {@code dir}, links not followed, holds {@code needle}. */
  public static boolean anyFileContains(Path dir, byte[] needle) throws IOException {
    if (!Files.exists(dir)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(f -> Files.isRegularFile(f)).toList()) {
        if (contains(Files.readAllBytes(file), needle)) {
          return true;
        }
      }
    }
    return false;
  }
}
