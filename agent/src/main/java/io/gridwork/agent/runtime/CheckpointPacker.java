package io.gridwork.agent.runtime;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The program that packs a checkpoint inside the unit's own sandbox ({@link SandboxedPacker}): the
 * archive goes to stdout, and what became of it to stderr, one line per fact, names URL-encoded so
 * a unit's file name cannot forge a line. Run inside the sandbox it sees only what the unit sees,
 * so even a read that went wrong could not reach a host file, and a read that hangs (a named pipe
 * swapped in) ends with the process.
 *
 * <p>Arguments: the checkpoint directory and the most bytes its files may hold.
 */
final class CheckpointPacker {
  static final String PACKED = "packed";
  static final String SKIPPED = "skipped";
  static final String TOO_LARGE = "too-large";
  static final String TOO_MANY = "too-many";
  static final String NAME_TOO_LONG = "name-too-long";
  static final String CHANGING = "changing";

  private CheckpointPacker() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    long limit = Long.parseLong(args[1]);
    List<String> skipped = new ArrayList<>();
    Optional<CheckpointArchive.PackResult> refused;
    try (OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out))) {
      refused = CheckpointArchive.write(dir, out, limit, skipped);
    }
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
    for (String name : skipped) {
      err.println(SKIPPED + " " + encode(name));
    }
    err.println(refused.map(CheckpointPacker::line).orElse(PACKED));
  }

  private static String line(CheckpointArchive.PackResult result) {
    return switch (result) {
      case CheckpointArchive.PackResult.TooLarge r -> TOO_LARGE + " " + r.bytes() + " " + r.limit();
      case CheckpointArchive.PackResult.TooManyEntries r -> TOO_MANY + " " + r.limit();
      case CheckpointArchive.PackResult.NameTooLong r -> NAME_TOO_LONG + " " + encode(r.name());
      case CheckpointArchive.PackResult.Changing r -> CHANGING + " " + encode(r.name());
      case CheckpointArchive.PackResult.Packed r -> PACKED;
    };
  }

  static String encode(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8);
  }

  static String decode(String encoded) {
    return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
  }
}
