package io.gridwork.agent.runtime;

import io.gridwork.protocol.crypto.Hash;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Packs a unit's checkpoint directory into one blob and unpacks it for the unit that resumes. The
 * format is a POSIX ustar archive ({@code tar tf} lists it) written deterministically: entries
 * sorted by the UTF-8 bytes of their paths, every time stamp 0, owner 0, mode 0644 or 0755, so the
 * same files always give the same bytes and the same hash.
 *
 * <p>The unit controls the directory, so nothing is followed out of it: the directory is read
 * through {@link UnitTree}, never through a link, even one swapped in while it is read; symbolic
 * links and special files are left out (and named), and unpacking refuses absolute paths, {@code
 * ..}, links and anything but plain files and directories.
 */
public final class CheckpointArchive {
  private static final int BLOCK = 512;
  private static final int NAME_BYTES = 100;
  private static final int PREFIX_BYTES = 155;
  private static final byte FILE = '0';
  private static final byte FILE_OLD = 0;
  private static final byte DIRECTORY = '5';

  /** The most files and directories a checkpoint may hold. */
  public static final int MAX_ENTRIES = 100_000;

  /** The largest size an 11-digit octal field holds. */
  private static final long MAX_SIZE = 077_777_777_777L;

  private CheckpointArchive() {}

  /** What packing a directory gave. */
  public sealed interface PackResult {
    /** The archive is written; {@code skipped} names entries that are not files or directories. */
    record Packed(Hash hash, long bytes, List<String> skipped) implements PackResult {
      public Packed {
        skipped = List.copyOf(skipped);
      }
    }

    /** The files together exceed {@code limit} bytes; nothing usable was written. */
    record TooLarge(long bytes, long limit) implements PackResult {}

    /** The directory holds more than {@code limit} files and directories. */
    record TooManyEntries(int limit) implements PackResult {}

    /** A path cannot be stored in a ustar header (longer than 255 bytes). */
    record NameTooLong(String name) implements PackResult {}

    /** A file changed size while it was read: pack again once the unit has finished writing. */
    record Changing(String name) implements PackResult {}
  }

  /** What unpacking an archive gave. */
  public sealed interface UnpackResult {
    record Unpacked(int files) implements UnpackResult {}

    /** The archive is damaged or holds something unsafe; {@code reason} says what. */
    record Refused(String reason) implements UnpackResult {}
  }

  /**
   * Writes the archive of {@code dir} to {@code archive}, refusing when the files hold more than
   * {@code limit} bytes.
   */
  public static PackResult pack(Path dir, Path archive, long limit) {
    MessageDigest digest = Hash.digest();
    List<String> skipped = new ArrayList<>();
    Optional<PackResult> refused;
    try (OutputStream out = new DigestOutputStream(Files.newOutputStream(archive), digest)) {
      refused = write(dir, out, limit, skipped);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot pack checkpoint " + dir + " into " + archive, e);
    }
    return refused.orElseGet(
        () -> new PackResult.Packed(new Hash(digest.digest()), size(archive), skipped));
  }

  /**
   * Writes the archive of {@code dir} to {@code out}, adding to {@code skipped} the entries left
   * out; empty when the archive is complete, else why it is not. Throws {@link IOException} when
   * reading a file or writing {@code out} fails.
   */
  static Optional<PackResult> write(Path dir, OutputStream out, long limit, List<String> skipped)
      throws IOException {
    List<Entry> entries = new ArrayList<>();
    long total = 0;
    List<UnitTree.Entry> found;
    try {
      found = UnitTree.list(dir, MAX_ENTRIES);
    } catch (UnitTree.TooLargeException e) {
      return Optional.of(
          e.tooDeep()
              ? new PackResult.NameTooLong(e.getFile())
              : new PackResult.TooManyEntries(MAX_ENTRIES));
    } catch (NoSuchFileException | UnitTree.NotAPlainEntryException e) {
      return Optional.of(new PackResult.Changing(e.getFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list checkpoint directory " + dir, e);
    }
    for (UnitTree.Entry item : found) {
      switch (item.kind()) {
        case DIRECTORY -> entries.add(new Entry(item.name() + "/", true, 0, false));
        case FILE -> {
          total = Math.addExact(total, item.size());
          entries.add(new Entry(item.name(), false, item.size(), item.executable()));
        }
        case OTHER -> skipped.add(item.name());
      }
    }
    if (total > Math.min(limit, MAX_SIZE)) {
      return Optional.of(new PackResult.TooLarge(total, Math.min(limit, MAX_SIZE)));
    }
    entries.sort(
        Comparator.comparing(
            e -> e.name().getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned));
    for (Entry entry : entries) {
      byte[] header = header(entry);
      if (header == null) {
        return Optional.of(new PackResult.NameTooLong(entry.name()));
      }
      out.write(header);
      if (!entry.directory() && !copy(dir, entry, out)) {
        return Optional.of(new PackResult.Changing(entry.name()));
      }
    }
    out.write(new byte[2 * BLOCK]);
    return Optional.empty();
  }

  /**
   * Unpacks {@code archive} into {@code dir}, which should be empty; refuses archives whose files
   * hold more than {@code limit} bytes. On a refusal {@code dir} may hold part of the archive.
   */
  public static UnpackResult unpack(Path archive, Path dir, long limit) {
    Path root = dir.toAbsolutePath().normalize();
    long total = 0;
    int files = 0;
    try (InputStream in = Files.newInputStream(archive)) {
      Files.createDirectories(root);
      while (true) {
        byte[] header = in.readNBytes(BLOCK);
        if (header.length < BLOCK) {
          return new UnpackResult.Refused("the archive ends inside a header");
        }
        if (allZero(header)) {
          return new UnpackResult.Unpacked(files);
        }
        if (checksum(header) != octal(header, 148, 8)) {
          return new UnpackResult.Refused("a header's checksum does not match");
        }
        String name = name(header);
        byte type = header[156];
        long size = octal(header, 124, 12);
        if (size < 0) {
          return new UnpackResult.Refused("entry " + name + " has an unreadable size");
        }
        Path target = safeTarget(root, name);
        if (target == null) {
          return new UnpackResult.Refused(
              "entry '" + name + "' would be written outside the checkpoint directory");
        }
        if (type == DIRECTORY) {
          Files.createDirectories(target);
          skip(in, padded(size));
          continue;
        }
        if (type != FILE && type != FILE_OLD) {
          return new UnpackResult.Refused(
              "entry '" + name + "' is not a plain file or directory (type " + (char) type + ")");
        }
        total = Math.addExact(total, size);
        if (total > limit) {
          return new UnpackResult.Refused(
              "the files hold more than " + limit + " bytes, the limit of a checkpoint here");
        }
        Files.createDirectories(target.getParent());
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
          return new UnpackResult.Refused(
              "entry " + name + " is both a file and a directory in the archive");
        }
        try (OutputStream out = Files.newOutputStream(target)) {
          copyExactly(in, out, size);
        }
        skip(in, padded(size) - size);
        if ((octal(header, 100, 8) & 0100) != 0) {
          target.toFile().setExecutable(true, true);
        }
        files++;
      }
    } catch (EOFException e) {
      return new UnpackResult.Refused("the archive ends inside a file");
    } catch (FileAlreadyExistsException e) {
      return new UnpackResult.Refused(
          "entry " + e.getFile() + " is both a file and a directory in the archive");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack checkpoint " + archive + " into " + dir, e);
    }
  }

  private record Entry(String name, boolean directory, long size, boolean executable) {}

  /** A ustar header, or null when the name does not fit. */
  private static byte[] header(Entry entry) {
    byte[] name = entry.name().getBytes(StandardCharsets.UTF_8);
    byte[] header = new byte[BLOCK];
    if (name.length <= NAME_BYTES) {
      System.arraycopy(name, 0, header, 0, name.length);
    } else {
      int split = split(name);
      if (split < 0) {
        return null;
      }
      System.arraycopy(name, split + 1, header, 0, name.length - split - 1);
      System.arraycopy(name, 0, header, 345, split);
    }
    writeOctal(header, 100, 8, entry.directory() || entry.executable() ? 0755 : 0644);
    writeOctal(header, 108, 8, 0);
    writeOctal(header, 116, 8, 0);
    writeOctal(header, 124, 12, entry.size());
    writeOctal(header, 136, 12, 0);
    header[156] = entry.directory() ? DIRECTORY : FILE;
    System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 6);
    header[263] = '0';
    header[264] = '0';
    writeOctal(header, 148, 7, checksum(header));
    header[155] = ' ';
    return header;
  }

  /** The last '/' that leaves at most 155 bytes before it and 100 after it, or -1. */
  private static int split(byte[] name) {
    for (int i = Math.min(PREFIX_BYTES, name.length - 1); i > 0; i--) {
      if (name[i] == '/' && name.length - i - 1 <= NAME_BYTES && name.length - i - 1 > 0) {
        return i;
      }
    }
    return -1;
  }

  private static String name(byte[] header) {
    String name = field(header, 0, NAME_BYTES);
    String prefix = field(header, 345, PREFIX_BYTES);
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  /** The checksum as ustar defines it: the header's bytes with the checksum field as spaces. */
  private static long checksum(byte[] header) {
    long sum = 0;
    for (int i = 0; i < BLOCK; i++) {
      sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xff;
    }
    return sum;
  }

  private static void writeOctal(byte[] header, int offset, int length, long value) {
    String digits = Long.toOctalString(value);
    String padded = "0".repeat(length - 1 - digits.length()) + digits;
    byte[] bytes = padded.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
    header[offset + length - 1] = 0;
  }

  /** An octal field, or -1 when it holds something else. */
  private static long octal(byte[] header, int offset, int length) {
    String text = field(header, offset, length).strip();
    if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '7') || text.length() > 21) {
      return -1;
    }
    return Long.parseLong(text, 8);
  }

  /** A relative, normalized path under {@code root}, or null. */
  private static Path safeTarget(Path root, String name) {
    String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    if (trimmed.isEmpty() || trimmed.startsWith("/") || trimmed.contains("\\")) {
      return null;
    }
    for (String part : trimmed.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        return null;
      }
    }
    Path target = root.resolve(trimmed).normalize();
    return target.startsWith(root) && !target.equals(root) ? target : null;
  }

  /**
   * Copies exactly the size recorded for {@code entry}; false when the file changed meanwhile,
   * including into a link or anything else that is not a plain file.
   */
  private static boolean copy(Path dir, Entry entry, OutputStream out) throws IOException {
    InputStream opened;
    try {
      opened = UnitTree.openFile(dir, entry.name());
    } catch (NoSuchFileException | UnitTree.NotAPlainEntryException e) {
      return false;
    }
    try (InputStream in = opened) {
      byte[] buffer = new byte[64 * 1024];
      long left = entry.size();
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          return false;
        }
        out.write(buffer, 0, n);
        left -= n;
      }
      if (in.read() >= 0) {
        return false;
      }
    }
    out.write(new byte[(int) (padded(entry.size()) - entry.size())]);
    return true;
  }

  private static void copyExactly(InputStream in, OutputStream out, long size) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long left = size;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new EOFException();
      }
      out.write(buffer, 0, n);
      left -= n;
    }
  }

  private static void skip(InputStream in, long bytes) throws IOException {
    in.skipNBytes(bytes);
  }

  private static long padded(long size) {
    return Math.ceilDiv(size, BLOCK) * BLOCK;
  }

  private static boolean allZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the size of " + file, e);
    }
  }
}
