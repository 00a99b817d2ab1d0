package io.gridwork.agent.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
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
   * a directory disappears or turns into something else while it is listed.
   */
  public static List<Entry> list(Path root) throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (SecureDirectoryStream<Path> dir = openRoot(root)) {
      listInto(dir, "", entries);
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
        try (SecureDirectoryStream<Path> dir = parent.newDirectoryStream(name, NOFOLLOW)) {
          deleteContents(dir);
        }
        parent.deleteDirectory(name);
      } else {
        parent.deleteFile(name);
      }
    }
  }

  /** Makes {@code root} an empty directory: whatever was under it is removed. */
  public static void empty(Path root) throws IOException {
    if (Files.isDirectory(root, NOFOLLOW)) {
      try (SecureDirectoryStream<Path> dir = openRoot(root)) {
        deleteContents(dir);
      }
    } else {
      delete(root);
      Files.createDirectories(root);
    }
  }

  /** An entry a unit left is not a plain file or directory, or a link stands on its path. */
  public static final class NotAPlainEntryException extends FileSystemException {
    NotAPlainEntryException(String name) {
      super(name, null, "not a plain file or directory, or reached through a link");
    }
  }

  private static void listInto(SecureDirectoryStream<Path> dir, String prefix, List<Entry> out)
      throws IOException {
    for (Path child : names(dir)) {
      String name = prefix + child;
      Entry entry = entry(dir, child.toString(), name);
      out.add(entry);
      if (entry.kind() == Kind.DIRECTORY) {
        try (SecureDirectoryStream<Path> sub = dir.newDirectoryStream(child, NOFOLLOW)) {
          listInto(sub, name + "/", out);
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

  private static void deleteContents(SecureDirectoryStream<Path> dir) throws IOException {
    for (Path child : names(dir)) {
      PosixFileAttributes attrs;
      try {
        attrs = attributes(dir, child);
      } catch (NoSuchFileException e) {
        continue;
      }
      if (kind(attrs) == Kind.DIRECTORY) {
        try (SecureDirectoryStream<Path> sub = dir.newDirectoryStream(child, NOFOLLOW)) {
          deleteContents(sub);
        }
        dir.deleteDirectory(child);
      } else {
        dir.deleteFile(child);
      }
    }
  }

  /** The simple names in {@code dir}, read to the end before anything is changed. */
  private static List<Path> names(SecureDirectoryStream<Path> dir) {
    List<Path> names = new ArrayList<>();
    for (Path path : dir) {
      names.add(path.getFileName());
    }
    return names;
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
