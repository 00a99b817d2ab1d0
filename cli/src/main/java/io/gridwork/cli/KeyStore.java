package io.gridwork.cli;

import io.gridwork.protocol.crypto.KeyFile;
import io.gridwork.protocol.crypto.KeyFileException;
import io.gridwork.protocol.crypto.KeyFileInfo;
import io.gridwork.protocol.crypto.KeyPair;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * The named, passphrase-encrypted keys under {@code <home>/keys/NAME.json}. Files are created with
 * mode 600 inside a 700 directory so that other users of the machine cannot copy them.
 */
final class KeyStore {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final String SUFFIX = ".json";

  private final Path dir;

  KeyStore(Path home) {
    this.dir = home.resolve("keys");
  }

  Path dir() {
    return dir;
  }

  Path file(String name) {
    checkName(name);
    return dir.resolve(name + SUFFIX);
  }

  static void checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new CommandFailure(
          ExitCode.USAGE,
          "invalid key name '"
              + name
              + "': use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
  }

  /**
   * Encrypts and stores {@code key}; refuses to overwrite a key of the same name. The file is
   * written and flushed to disk under a temporary name, then linked into place (which fails if the
   * name is taken) and the directory flushed, so a crash leaves either the whole key file or none,
   * never an empty file that blocks the name.
   */
  Path save(String name, KeyPair key, char[] passphrase) {
    Path file = file(name);
    String json = KeyFile.encrypt(key, name, passphrase);
    Path temp = null;
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      temp =
          Files.createTempFile(
              dir,
              "." + name + SUFFIX + ".",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      Files.createLink(file, temp);
      try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
        directory.force(true);
      }
    } catch (FileAlreadyExistsException e) {
      throw new CommandFailure(
          "a key named '"
              + name
              + "' already exists ("
              + file
              + "); pick another name or remove that file first");
    } catch (IOException e) {
      throw new CommandFailure("cannot write key file " + file + ": " + FileErrors.reason(e));
    } finally {
      deleteQuietly(temp);
    }
    return file;
  }

  private static void deleteQuietly(Path temp) {
    if (temp == null) {
      return;
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      // The key itself is safe under its real name; a stray temporary file is only clutter, and
      // it is named so that listing keys never shows it.
      LoggerFactory.getLogger(KeyStore.class).warn("could not remove {}: {}", temp, e.toString());
    }
  }

  /** The clear-text part of key {@code name}. */
  KeyFileInfo info(String name) {
    try {
      return KeyFile.inspect(read(name));
    } catch (KeyFileException e) {
      throw new CommandFailure("key file " + file(name) + ": " + e.getMessage());
    }
  }

  /** Opens key {@code name} with {@code passphrase}. */
  KeyPair unlock(String name, char[] passphrase) {
    try {
      return KeyFile.decrypt(read(name), passphrase);
    } catch (KeyFileException e) {
      throw new CommandFailure("cannot open key '" + name + "': " + e.getMessage());
    }
  }

  boolean exists(String name) {
    return NAME.matcher(name).matches() && Files.isRegularFile(file(name));
  }

  /** Every stored key in name order; unreadable files are reported, not skipped silently. */
  List<Entry> list() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> files;
    try (Stream<Path> entries = Files.list(dir)) {
      files = entries.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
    } catch (IOException e) {
      throw new CommandFailure("cannot list key directory " + dir + ": " + FileErrors.reason(e));
    }
    List<Entry> result = new ArrayList<>();
    for (Path file : files) {
      String fileName = file.getFileName().toString();
      String name = fileName.substring(0, fileName.length() - SUFFIX.length());
      try {
        result.add(new Entry(name, KeyFile.inspect(Files.readString(file)), null));
      } catch (KeyFileException | IOException e) {
        result.add(new Entry(name, null, e.getMessage()));
      }
    }
    return result;
  }

  /** A stored key: its clear-text info, or why the file could not be read. */
  record Entry(String name, KeyFileInfo info, String problem) {}

  private String read(String name) {
    Path file = file(name);
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new CommandFailure(
          "no key named '"
              + name
              + "' in "
              + dir
              + "; 'gridwork key list' shows your keys, 'gridwork key new "
              + name
              + "' creates one");
    } catch (IOException e) {
      throw new CommandFailure("cannot read key file " + file + ": " + FileErrors.reason(e));
    }
  }
}
