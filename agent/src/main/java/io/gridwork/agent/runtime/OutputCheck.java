package io.gridwork.agent.runtime;

import io.gridwork.protocol.crypto.Hash;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks the declared outputs a unit left in its work directory and copies them out of it. The unit
 * controls that directory, so it is read through {@link UnitTree}: an output that is a symbolic
 * link, or sits under a link, counts as missing rather than letting the unit make the agent hash
 * and upload a host file. Each output is hashed while it is copied to {@link
 * UnitDirs#stagedOutput}, outside the sandbox, and that copy is what gets uploaded: the bytes
 * uploaded are the bytes hashed.
 */
final class OutputCheck {
  private OutputCheck() {}

  static UnitOutcome check(UnitDirs dirs, List<String> outputs, long limit, Duration duration) {
    Path work = dirs.work();
    List<String> missing = new ArrayList<>();
    long total = 0;
    for (String name : outputs) {
      Optional<UnitTree.Entry> entry = stat(work, name);
      if (entry.isPresent() && entry.get().kind() == UnitTree.Kind.FILE) {
        total = Math.addExact(total, entry.get().size());
      } else {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      return new UnitOutcome.OutputMissing(missing);
    }
    if (total > limit) {
      return new UnitOutcome.OutputTooLarge(total, limit);
    }
    List<OutputFile> files = new ArrayList<>();
    long copied = 0;
    for (int i = 0; i < outputs.size(); i++) {
      String name = outputs.get(i);
      Optional<OutputFile> file = copy(work, name, dirs.stagedOutput(i), limit - copied);
      if (file.isEmpty()) {
        return new UnitOutcome.OutputMissing(List.of(name));
      }
      copied += file.get().bytes();
      files.add(file.get());
    }
    return new UnitOutcome.Completed(files, duration);
  }

  private static Optional<UnitTree.Entry> stat(Path work, String name) {
    try {
      return UnitTree.stat(work, name);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look at output " + name + " in " + work, e);
    }
  }

  /**
   * Copies output {@code name} to {@code target}, hashing it; empty when it is no longer a plain
   * file or grew past {@code room} bytes.
   */
  private static Optional<OutputFile> copy(Path work, String name, Path target, long room) {
    MessageDigest digest = Hash.digest();
    byte[] buffer = new byte[64 * 1024];
    long bytes = 0;
    try {
      Files.createDirectories(target.getParent());
      try (InputStream in = UnitTree.openFile(work, name);
          OutputStream out = Files.newOutputStream(target)) {
        int n;
        while ((n = in.read(buffer)) != -1) {
          bytes += n;
          if (bytes > room) {
            return Optional.empty();
          }
          digest.update(buffer, 0, n);
          out.write(buffer, 0, n);
        }
      }
    } catch (UnitTree.NotAPlainEntryException | NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy output " + name + " out of " + work, e);
    }
    return Optional.of(new OutputFile(name, bytes, new Hash(digest.digest())));
  }
}
