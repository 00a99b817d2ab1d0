package io.gridwork.agent.runtime;

import io.gridwork.protocol.crypto.Hash;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the declared outputs a unit left in its work directory. The unit controls that directory,
 * so nothing is followed out of it: an output that is a symbolic link, or sits under a linked
 * directory pointing elsewhere, counts as missing rather than letting the unit make the agent hash
 * and upload a host file.
 */
final class OutputCheck {
  private OutputCheck() {}

  static UnitOutcome check(Path work, List<String> outputs, long limit, Duration duration) {
    Path root = realPath(work);
    List<String> missing = new ArrayList<>();
    List<Path> present = new ArrayList<>();
    long total = 0;
    for (String name : outputs) {
      Path file = root.resolve(name);
      if (insideWork(root, file) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        present.add(file);
        total = Math.addExact(total, size(file));
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
    for (int i = 0; i < outputs.size(); i++) {
      Path file = present.get(i);
      files.add(new OutputFile(outputs.get(i), size(file), sha256(file)));
    }
    return new UnitOutcome.Completed(files, duration);
  }

  private static boolean insideWork(Path root, Path file) {
    Path parent = file.getParent();
    return Files.isDirectory(parent) && realPath(parent).startsWith(root);
  }

  private static Hash sha256(Path file) {
    MessageDigest digest = Hash.digest();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      int n;
      while ((n = in.read(buffer)) != -1) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read output " + file, e);
    }
    return new Hash(digest.digest());
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the size of output " + file, e);
    }
  }

  private static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve " + path, e);
    }
  }
}
