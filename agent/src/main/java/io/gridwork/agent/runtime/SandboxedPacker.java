package io.gridwork.agent.runtime;

import io.gridwork.protocol.crypto.Hash;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Packs a unit's checkpoint seeing only what the unit sees: {@link CheckpointPacker} runs in a
 * sandbox built like the unit's (the same binds of {@code /work} and {@code /checkpoint}, the same
 * limits, started from the same launcher with the same bare environment; as the agent's own user,
 * so that it can read whatever the unit's user wrote) with the agent's classes bound read-only, and
 * streams the archive back, which is hashed here as it arrives. Whatever the unit does to its
 * directory while it is packed, a link can lead the packer only to what the sandbox binds; a packer
 * that hangs is killed at its wall clock.
 */
final class SandboxedPacker {
  private static final String MAIN = CheckpointPacker.class.getName();

  /** Where the packer's classes appear inside its sandbox. */
  private static final String CODE_DIR = "/opt/gridwork-packer";

  private static final int STDERR_BYTES = 1 << 20;

  /** Per entry at most a header and a block of padding. */
  private static final long ENTRY_OVERHEAD = 1024;

  private SandboxedPacker() {}

  /**
   * Packs {@code dirs.checkpoint()} into {@code archive}. Throws {@link UncheckedIOException} when
   * the packer cannot start, fails, or runs past {@code timeout}.
   */
  static CheckpointArchive.PackResult pack(
      SandboxConfig config, UnitDirs dirs, Path archive, long limit, Duration timeout)
      throws InterruptedException {
    List<Path> code = codeSources();
    code.forEach(config::requireHidden);
    UnitSpec spec =
        new UnitSpec(
            0,
            command(config, code, limit),
            new TreeMap<>(),
            List.of(),
            false,
            List.of(),
            ResourceLimits.defaults().withWallClock(timeout));
    List<String> command = withCode(BwrapCommand.build(config, spec, dirs, List.of()), code);
    if (!Executables.exists(config.bwrap())) {
      throw new UncheckedIOException(
          new IOException(SandboxFailures.notInstalled(config.bwrap(), "not found")));
    }
    return switch (SandboxLauncher.start(command, "the checkpoint packer")) {
      case ProcessGroup.NotStarted notStarted ->
          throw new UncheckedIOException(new IOException(notStarted.reason()));
      case ProcessGroup.Started started ->
          collect(started.process(), archive, maxArchiveBytes(limit), timeout);
    };
  }

  private static CheckpointArchive.PackResult collect(
      Process process, Path archive, long maxBytes, Duration timeout) throws InterruptedException {
    MessageDigest digest = Hash.digest();
    long[] written = {0};
    IOException[] failed = {null};
    Thread out =
        Thread.ofPlatform()
            .daemon()
            .name("checkpoint-packer stdout")
            .start(() -> failed[0] = copy(process, archive, digest, maxBytes, written));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread errReader =
        Thread.ofPlatform()
            .daemon()
            .name("checkpoint-packer stderr")
            .start(() -> drain(process.getErrorStream(), err));
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        ProcessTree.killGroup(process);
        throw new UncheckedIOException(
            new IOException("the checkpoint packer did not finish within " + timeout));
      }
      out.join();
      errReader.join();
    } catch (InterruptedException e) {
      ProcessTree.killGroup(process);
      throw e;
    }
    if (failed[0] != null) {
      throw new UncheckedIOException("cannot write " + archive, failed[0]);
    }
    if (written[0] > maxBytes) {
      throw new UncheckedIOException(
          new IOException("the checkpoint packer wrote more than " + maxBytes + " bytes"));
    }
    String said = err.toString(StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new UncheckedIOException(
          new IOException(
              "the checkpoint packer failed with exit status "
                  + process.exitValue()
                  + ": "
                  + said.lines().findFirst().orElse("")));
    }
    return result(said, new Hash(digest.digest()), written[0]);
  }

  /** The packer's report: one {@code skipped} line per entry left out, then its outcome. */
  private static CheckpointArchive.PackResult result(String said, Hash hash, long bytes) {
    List<String> skipped = new ArrayList<>();
    Optional<CheckpointArchive.PackResult> outcome = Optional.empty();
    for (String line : said.lines().toList()) {
      String[] words = line.split(" ");
      switch (words[0]) {
        case CheckpointPacker.SKIPPED -> skipped.add(CheckpointPacker.decode(words[1]));
        case CheckpointPacker.PACKED ->
            outcome = Optional.of(new CheckpointArchive.PackResult.Packed(hash, bytes, skipped));
        case CheckpointPacker.TOO_LARGE ->
            outcome =
                Optional.of(
                    new CheckpointArchive.PackResult.TooLarge(
                        Long.parseLong(words[1]), Long.parseLong(words[2])));
        case CheckpointPacker.TOO_MANY ->
            outcome =
                Optional.of(
                    new CheckpointArchive.PackResult.TooManyEntries(Integer.parseInt(words[1])));
        case CheckpointPacker.NAME_TOO_LONG ->
            outcome =
                Optional.of(
                    new CheckpointArchive.PackResult.NameTooLong(
                        CheckpointPacker.decode(words[1])));
        case CheckpointPacker.CHANGING ->
            outcome =
                Optional.of(
                    new CheckpointArchive.PackResult.Changing(CheckpointPacker.decode(words[1])));
        default -> {
          // The JVM's own warnings.
        }
      }
    }
    return outcome.orElseThrow(
        () ->
            new UncheckedIOException(
                new IOException("the checkpoint packer said nothing of its outcome: " + said)));
  }

  private static IOException copy(
      Process process, Path archive, MessageDigest digest, long maxBytes, long[] written) {
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = process.getInputStream();
        OutputStream file = new DigestOutputStream(Files.newOutputStream(archive), digest)) {
      int n;
      while ((n = in.read(buffer)) != -1) {
        written[0] += n;
        if (written[0] > maxBytes) {
          ProcessTree.killGroup(process);
          return null;
        }
        file.write(buffer, 0, n);
      }
      return null;
    } catch (IOException e) {
      ProcessTree.killGroup(process);
      return e;
    }
  }

  private static void drain(InputStream in, ByteArrayOutputStream out) {
    byte[] buffer = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buffer)) != -1) {
        if (out.size() < STDERR_BYTES) {
          out.write(buffer, 0, Math.min(n, STDERR_BYTES - out.size()));
        }
      }
    } catch (IOException e) {
      // The packer was killed; its outcome says so.
    }
  }

  /**
   * {@code args} with the code sources bound read-only under {@link #CODE_DIR}: at their own paths
   * they could fall under {@code /work} and be hidden by the unit's work directory. The binds go
   * before the sandbox's root is made read-only, which would leave no place for them.
   */
  private static List<String> withCode(List<String> args, List<Path> code) {
    int at = args.indexOf("--remount-ro");
    if (at < 0) {
      at = args.indexOf("--");
    }
    List<String> binds = new ArrayList<>();
    for (int i = 0; i < code.size(); i++) {
      binds.addAll(List.of("--ro-bind", code.get(i).toString(), codePath(code, i)));
    }
    List<String> out = new ArrayList<>(args);
    out.addAll(at, binds);
    return out;
  }

  private static String codePath(List<Path> code, int index) {
    return CODE_DIR + "/" + index + (Files.isDirectory(code.get(index)) ? "" : ".jar");
  }

  private static List<String> command(SandboxConfig config, List<Path> code, long limit) {
    List<String> entries = new ArrayList<>();
    for (int i = 0; i < code.size(); i++) {
      entries.add(codePath(code, i));
    }
    String classPath = String.join(":", entries);
    return List.of(
        config.javaHome().resolve("bin/java").toString(),
        "-Xshare:auto",
        "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1",
        "-XX:-UsePerfData",
        "-Xmx64m",
        "-cp",
        classPath,
        MAIN,
        BwrapCommand.CHECKPOINT,
        Long.toString(limit));
  }

  /** An archive of files holding {@code limit} bytes is at most this long. */
  private static long maxArchiveBytes(long limit) {
    return Math.addExact(
        limit, Math.multiplyExact(ENTRY_OVERHEAD, CheckpointArchive.MAX_ENTRIES + 2L));
  }

  /** Where the packer's classes and the one library class it names were loaded from. */
  private static List<Path> codeSources() {
    List<Path> paths = new ArrayList<>();
    for (Class<?> type : List.of(CheckpointPacker.class, Hash.class)) {
      Path path = codeSource(type);
      if (!paths.contains(path)) {
        paths.add(path);
      }
    }
    return paths;
  }

  private static Path codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the classes of " + type.getName(), e);
    }
  }
}
