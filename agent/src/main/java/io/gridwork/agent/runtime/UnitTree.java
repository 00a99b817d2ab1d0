package io.gridwork.agent.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and removes a directory tree that a unit controls (its work or checkpoint directory)
 * without ever following a symbolic link out of it. Every path component is opened relative to the
 * descriptor of the directory above it with {@code O_NOFOLLOW} ({@link SecureDirectoryStream},
 * {@code openat}), and only a component's own name is ever passed to the kernel, so a unit that
 * swaps a directory for a link while the agent reads (a {@code renameat2(RENAME_EXCHANGE)} loop)
 * makes the read fail, never reach a host file. Entries are looked at before they are opened, and
 * only plain files and directories are opened, so a named pipe left in the tree never stalls the
 * reader; one swapped in between the look and the open can, so whoever reads while the unit runs
 * bounds its wait.
 *
 * <p>The root itself is a path the agent chose; its last component is opened without following a
 * link as well.
 */
public final class UnitTree {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  /**
   * The deepest nesting listed: a path 128 directories deep is over the 255 bytes a checkpoint
   * entry may have anyway. Deleting goes deeper, without holding more directories open than this.
   */
  public static final int MAX_DEPTH = 128;

  /** Passes over a tree being deleted before giving up on it. */
  private static final int MAX_DELETE_PASSES = 100_000;

  private UnitTree() {}

  /** What an entry is; links, pipes, sockets and devices are all {@code OTHER}. */
  public enum Kind {
    FILE,
    DIRECTORY,
    OTHER
  }

  /**
   * One entry under the root.
   *
   * @param name the path relative to the root, components joined by {@code /}
   * @param executable whether any execute bit is set (files only)
   */
  public record Entry(String name, Kind kind, long size, FileTime modified, boolean executable) {}

  /**
   * Every entry under {@code root}, parents before their children, in directory order. Throws when
   * a directory disappears or turns into something else while it is listed, and {@link
   * TooLargeException} when the tree holds more than {@code maxEntries} entries or is nested more
   * than {@link #MAX_DEPTH} directories deep.
   */
  public static List<Entry> list(Path root, int maxEntries) throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (SecureDirectoryStream<Path> dir = openRoot(root)) {
      listInto(dir, "", 1, maxEntries, entries);
    }
    return entries;
  }

  /**
   * The entry at {@code name} (components joined by {@code /}) under {@code root}, or empty when it
   * is absent or a component on the way is not a directory (a link included).
   */
  public static Optional<Entry> stat(Path root, String name) throws IOException {
    List<String> parts = components(name);
    try (SecureDirectoryStream<Path> parent = openParent(root, parts)) {
      return Optional.of(entry(parent, parts.getLast(), name));
    } catch (NoSuchFileException | NotDirectoryException | NotAPlainEntryException e) {
      return Optional.empty();
    } catch (FileSystemException e) {
      if (isLinkRefusal(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Opens the plain file at {@code name} under {@code root} for reading. Throws {@link
   * NotAPlainEntryException} when it, or a directory on the way, is anything else, links included.
   */
  public static InputStream openFile(Path root, String name) throws IOException {
    List<String> parts = components(name);
    try (SecureDirectoryStream<Path> parent = openParent(root, parts)) {
      Path file = Path.of(parts.getLast());
      if (entry(parent, parts.getLast(), name).kind() != Kind.FILE) {
        throw new NotAPlainEntryException(name);
      }
      return Channels.newInputStream(
          parent.newByteChannel(file, Set.of(StandardOpenOption.READ, NOFOLLOW)));
    } catch (NotDirectoryException e) {
      throw new NotAPlainEntryException(name);
    } catch (FileSystemException e) {
      if (isLinkRefusal(e)) {
        throw new NotAPlainEntryException(name);
      }
      throw e;
    }
  }

  /** Removes {@code root} and everything under it; links are removed, never followed. */
  public static void delete(Path root) throws IOException {
    Path absolute = root.toAbsolutePath().normalize();
    if (!Files.exists(absolute, NOFOLLOW)) {
      return;
    }
    try (SecureDirectoryStream<Path> parent =
        secure(Files.newDirectoryStream(absolute.getParent()))) {
      Path name = absolute.getFileName();
      if (kind(attributes(parent, name)) == Kind.DIRECTORY) {
        deleteContents(parent, name);
        parent.deleteDirectory(name);
      } else {
        parent.deleteFile(name);
      }
    }
  }

  /** Makes {@code root} an empty directory: whatever was under it is removed. */
  public static void empty(Path root) throws IOException {
    Path absolute = root.toAbsolutePath().normalize();
    if (Files.isDirectory(absolute, NOFOLLOW)) {
      try (SecureDirectoryStream<Path> parent =
          secure(Files.newDirectoryStream(absolute.getParent()))) {
        deleteContents(parent, absolute.getFileName());
      }
    } else {
      delete(root);
      Files.createDirectories(root);
    }
  }

  /** The tree holds more entries, or deeper ones, than the reader takes. */
  public static final class TooLargeException extends FileSystemException {
    private final boolean tooDeep;

    TooLargeException(String name, String reason, boolean tooDeep) {
      super(name, null, reason);
      this.tooDeep = tooDeep;
    }

    /** True when the tree is nested too deep, false when it holds too many entries. */
    public boolean tooDeep() {
      return tooDeep;
    }
  }

  /** An entry a unit left is not a plain file or directory, or a link stands on its path. */
  public static final class NotAPlainEntryException extends FileSystemException {
    NotAPlainEntryException(String name) {
      super(name, null, "not a plain file or directory, or reached through a link");
    }
  }

  private static void listInto(
      SecureDirectoryStream<Path> dir, String prefix, int depth, int maxEntries, List<Entry> out)
      throws IOException {
    for (Path path : dir) {
      Path child = path.getFileName();
      String name = prefix + child;
      if (out.size() >= maxEntries) {
        throw new TooLargeException(name, "more than " + maxEntries + " entries", false);
      }
      Entry entry = entry(dir, child.toString(), name);
      out.add(entry);
      if (entry.kind() == Kind.DIRECTORY) {
        if (depth >= MAX_DEPTH) {
          throw new TooLargeException(
              name, "nested more than " + MAX_DEPTH + " directories deep", true);
        }
        try (SecureDirectoryStream<Path> sub = dir.newDirectoryStream(child, NOFOLLOW)) {
          listInto(sub, name + "/", depth + 1, maxEntries, out);
        } catch (NotDirectoryException e) {
          throw new NotAPlainEntryException(name);
        } catch (FileSystemException e) {
          if (isLinkRefusal(e)) {
            throw new NotAPlainEntryException(name);
          }
          throw e;
        }
      }
    }
  }

  /**
   * Deletes everything in the directory {@code name} of {@code parent}, in passes: a directory
   * found {@link #MAX_DEPTH} levels down is moved up to the top and deleted in a later pass, so a
   * tree of any depth goes without holding more than that many directories open.
   */
  private static void deleteContents(SecureDirectoryStream<Path> parent, Path name)
      throws IOException {
    long[] moved = {0};
    for (int pass = 0; pass < MAX_DELETE_PASSES; pass++) {
      try (SecureDirectoryStream<Path> top = parent.newDirectoryStream(name, NOFOLLOW)) {
        if (!deletePass(top, top, 1, moved)) {
          return;
        }
      }
    }
    throw new IOException("cannot empty " + name + " after " + MAX_DELETE_PASSES + " passes");
  }

  /** One pass; true when something is left for another. */
  private static boolean deletePass(
      SecureDirectoryStream<Path> top, SecureDirectoryStream<Path> dir, int depth, long[] moved)
      throws IOException {
    boolean left = false;
    for (Path path : dir) {
      Path child = path.getFileName();
      PosixFileAttributes attrs;
      try {
        attrs = attributes(dir, child);
      } catch (NoSuchFileException e) {
        continue;
      }
      if (kind(attrs) != Kind.DIRECTORY) {
        dir.deleteFile(child);
      } else if (depth >= MAX_DEPTH) {
        try {
          dir.move(child, top, Path.of(".deep-" + moved[0]++));
        } catch (FileSystemException e) {
          // The name is taken: the next pass tries the next one.
        }
        left = true;
      } else {
        try (SecureDirectoryStream<Path> sub = dir.newDirectoryStream(child, NOFOLLOW)) {
          left |= deletePass(top, sub, depth + 1, moved);
        }
        try {
          dir.deleteDirectory(child);
        } catch (DirectoryNotEmptyException e) {
          left = true;
        }
      }
    }
    return left;
  }

  private static SecureDirectoryStream<Path> openRoot(Path root) throws IOException {
    Path absolute = root.toAbsolutePath().normalize();
    try (SecureDirectoryStream<Path> parent =
        secure(Files.newDirectoryStream(absolute.getParent()))) {
      return parent.newDirectoryStream(absolute.getFileName(), NOFOLLOW);
    }
  }

  /** The directory holding the last of {@code parts}, each step opened without following links. */
  private static SecureDirectoryStream<Path> openParent(Path root, List<String> parts)
      throws IOException {
    SecureDirectoryStream<Path> dir = openRoot(root);
    try {
      for (String part : parts.subList(0, parts.size() - 1)) {
        SecureDirectoryStream<Path> next = dir.newDirectoryStream(Path.of(part), NOFOLLOW);
        dir.close();
        dir = next;
      }
      return dir;
    } catch (IOException | RuntimeException e) {
      dir.close();
      throw e;
    }
  }

  private static Entry entry(SecureDirectoryStream<Path> dir, String child, String name)
      throws IOException {
    PosixFileAttributes attrs = attributes(dir, Path.of(child));
    Kind kind = kind(attrs);
    Set<PosixFilePermission> perms = attrs.permissions();
    boolean executable =
        kind == Kind.FILE
            && (perms.contains(PosixFilePermission.OWNER_EXECUTE)
                || perms.contains(PosixFilePermission.GROUP_EXECUTE)
                || perms.contains(PosixFilePermission.OTHERS_EXECUTE));
    return new Entry(
        name, kind, kind == Kind.FILE ? attrs.size() : 0, attrs.lastModifiedTime(), executable);
  }

  private static PosixFileAttributes attributes(SecureDirectoryStream<Path> dir, Path child)
      throws IOException {
    return dir.getFileAttributeView(child, PosixFileAttributeView.class, NOFOLLOW).readAttributes();
  }

  private static Kind kind(PosixFileAttributes attrs) {
    if (attrs.isRegularFile()) {
      return Kind.FILE;
    }
    return attrs.isDirectory() ? Kind.DIRECTORY : Kind.OTHER;
  }

  private static SecureDirectoryStream<Path> secure(DirectoryStream<Path> stream)
      throws IOException {
    if (stream instanceof SecureDirectoryStream<Path> secure) {
      return secure;
    }
    stream.close();
    throw new IOException(
        "this platform cannot open files relative to a directory (openat), which reading a unit's"
            + " files safely needs");
  }

  /** The components of a relative name; throws when one is empty, {@code .} or {@code ..}. */
  private static List<String> components(String name) {
    List<String> parts = List.of(name.split("/", -1));
    for (String part : parts) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        throw new IllegalArgumentException("not a plain relative path: '" + name + "'");
      }
    }
    return parts;
  }

  /**
   * ELOOP, which {@code O_NOFOLLOW} gives on a link; the JDK adds fixed English words to the
   * system's (possibly translated) message for it.
   */
  private static boolean isLinkRefusal(FileSystemException e) {
    return e.getReason() != null && e.getReason().endsWith("symbolic link");
  }
}
