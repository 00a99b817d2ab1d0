package io.gridwork.agent.work;

import io.gridwork.agent.runtime.UnitDirs;
import io.gridwork.agent.runtime.UnitTree;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The logs a provider keeps of units whose directories are gone: for each finished unit one file
 * with the last {@link #TAIL_BYTES} of its stdout and of its stderr, so a failure can still be read
 * after the unit's work directory was removed. At most {@link #MAX_FILES} are kept and none older
 * than {@link #MAX_AGE}: the rest are deleted every {@link #PRUNE_EVERY} logs kept and every {@link
 * #PRUNE_INTERVAL}, not at each one, since listing the directory for every unit would cost a busy
 * provider a scan of hundreds of files per unit.
 *
 * <p>Safe to call from any thread: each unit's log has a name of its own, and pruning holds this
 * object's lock.
 */
public final class UnitLogs {
  public static final int TAIL_BYTES = 32 * 1024;
  static final int MAX_FILES = 500;
  static final Duration MAX_AGE = Duration.ofDays(7);
  static final int PRUNE_EVERY = 50;
  static final Duration PRUNE_INTERVAL = Duration.ofMinutes(10);
  private static final String SUFFIX = ".log";

  private final Path dir;
  private final InstantSource clock;
  private final AtomicInteger keptSincePrune = new AtomicInteger();
  private volatile Instant nextPrune = Instant.MIN;

  /**
   * @param dir where the logs are kept; the agent's own, never bound into a sandbox
   */
  public UnitLogs(Path dir, InstantSource clock) {
    this.dir = dir;
    this.clock = clock;
  }

  Path dir() {
    return dir;
  }

  /** The kept log named {@code name}. */
  Path file(String name) {
    return dir.resolve(name + SUFFIX);
  }

  /**
   * Keeps the tails of the stdout and stderr in {@code dirs} as {@code <name>.log}, replacing an
   * earlier one of that name, then deletes what is past the limits. A unit that wrote nothing to
   * either leaves no log: on a busy provider most units are silent, and a file for each would cost
   * the disk for nothing. The log files are read without following links.
   */
  public void keep(String name, UnitDirs dirs) {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    boolean said = append(text, "stdout", dirs.logs(), dirs.stdout());
    said |= append(text, "stderr", dirs.logs(), dirs.stderr());
    if (!said) {
      return;
    }
    Path file = file(name);
    try {
      Files.createDirectories(dir);
      Files.write(file, text.toByteArray());
      Files.setLastModifiedTime(file, FileTime.from(clock.instant()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the log of " + name + " in " + dir, e);
    }
    if (keptSincePrune.incrementAndGet() >= PRUNE_EVERY || !clock.instant().isBefore(nextPrune)) {
      prune();
    }
  }

  /** Deletes kept logs older than {@link #MAX_AGE}, then the oldest past {@link #MAX_FILES}. */
  synchronized void prune() {
    keptSincePrune.set(0);
    nextPrune = clock.instant().plus(PRUNE_INTERVAL);
    Instant oldest = clock.instant().minus(MAX_AGE);
    List<Kept> kept = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).toList()) {
        kept.add(new Kept(file, Files.getLastModifiedTime(file).toInstant()));
      }
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    kept.sort(Comparator.comparing(Kept::modified).reversed().thenComparing(Kept::file));
    for (int i = 0; i < kept.size(); i++) {
      Kept log = kept.get(i);
      if (i >= MAX_FILES || log.modified().isBefore(oldest)) {
        delete(log.file());
      }
    }
  }

  private record Kept(Path file, Instant modified) {}

  /** Appends the stream's tail under a header; true unless the stream was an empty file. */
  private static boolean append(ByteArrayOutputStream text, String stream, Path logs, Path file) {
    byte[] tail;
    long size;
    String name = file.getFileName().toString();
    try (InputStream in = UnitTree.openFile(logs, name)) {
      size = UnitTree.stat(logs, name).map(UnitTree.Entry::size).orElse(0L);
      in.skipNBytes(Math.max(0, size - TAIL_BYTES));
      tail = in.readNBytes(TAIL_BYTES);
    } catch (NoSuchFileException e) {
      tail = new byte[0];
      size = 0;
    } catch (UnitTree.NotAPlainEntryException e) {
      tail = "(not a plain file: not kept)\n".getBytes(StandardCharsets.UTF_8);
      size = 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    String header =
        "== "
            + stream
            + (size > tail.length ? " (last " + tail.length + " of " + size + " bytes)" : "")
            + " ==\n";
    text.writeBytes(header.getBytes(StandardCharsets.UTF_8));
    text.writeBytes(tail);
    if (tail.length > 0 && tail[tail.length - 1] != '\n') {
      text.write('\n');
    }
    return tail.length > 0;
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the old unit log " + file, e);
    }
  }
}
