package io.gridwork.node.blob;

import io.gridwork.protocol.crypto.Hash;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Content-addressed storage of job inputs and outputs on the node's disk, so buyers and providers
 * can exchange files by the SHA-256 the ledger records.
 *
 * <p>Layout under the blob directory: {@code objects/ab/cd/<hex>} holds each blob once, however
 * many jobs name it; {@code jobs/<job hex>} lists the blobs a job stored, one {@code <hex> <size>}
 * line each, so a job's total can be capped; {@code tmp/} holds uploads in progress. An upload is
 * streamed to a file in {@code tmp/}, forced to disk and renamed into place only when its hash
 * matches, so a reader never sees a partial blob and a crash leaves only temp files, which {@link
 * #open} removes.
 *
 * <p>A job's index is also what ties a blob to a job: the node hands a blob out only for a job
 * whose index lists it ({@link #find(Hash, Hash)}), and {@link #forget} deletes an object only once
 * no remaining index lists it, since the same bytes may belong to several jobs.
 *
 * <p>Thread-safe: uploads stream concurrently; the check-and-record step of one job runs under that
 * job's lock (striped), so concurrent uploads cannot push a job past its cap. Recording steps share
 * a read lock that {@link #forget} takes for writing, so an object is never deleted between an
 * upload finding it present and listing it for its job.
 */
public final class BlobStore {
  private static final String OBJECTS = "objects";
  private static final String JOBS = "jobs";
  private static final String TMP = "tmp";
  private static final int LOCK_STRIPES = 64;
  private static final int BUFFER_BYTES = 64 * 1024;

  private final Path objects;
  private final Path jobs;
  private final Path tmp;
  private final long maxBlobBytes;
  private final long maxJobBytes;
  private final Object[] jobLocks = new Object[LOCK_STRIPES];
  private final ReadWriteLock objectsLock = new ReentrantReadWriteLock();

  private BlobStore(Path dir, long maxBlobBytes, long maxJobBytes) {
    this.objects = dir.resolve(OBJECTS);
    this.jobs = dir.resolve(JOBS);
    this.tmp = dir.resolve(TMP);
    this.maxBlobBytes = maxBlobBytes;
    this.maxJobBytes = maxJobBytes;
    for (int i = 0; i < LOCK_STRIPES; i++) {
      jobLocks[i] = new Object();
    }
  }

  /**
   * Opens (creating if needed) the store in {@code dir} and deletes uploads a previous process left
   * unfinished.
   */
  public static BlobStore open(Path dir, long maxBlobBytes, long maxJobBytes) {
    BlobStore store = new BlobStore(dir, maxBlobBytes, maxJobBytes);
    try {
      Files.createDirectories(store.objects);
      Files.createDirectories(store.jobs);
      Files.createDirectories(store.tmp);
      try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(store.tmp)) {
        for (Path p : leftovers) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the blob store in " + dir, e);
    }
    return store;
  }

  public long maxBlobBytes() {
    return maxBlobBytes;
  }

  public long maxJobBytes() {
    return maxJobBytes;
  }

  /** A stored blob: where it is and how many bytes it has. */
  public record Blob(Hash hash, Path path, long size) {}

  /** The blob with this hash, if stored. */
  public Optional<Blob> find(Hash hash) {
    Path path = objectPath(hash);
    try {
      return Optional.of(new Blob(hash, path, Files.size(path)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read blob " + path, e);
    }
  }

  /** The blob with this hash, if stored for {@code jobId}. */
  public Optional<Blob> find(Hash jobId, Hash hash) {
    boolean listed;
    synchronized (lockOf(jobId)) {
      listed = readIndex(jobId).containsKey(hash);
    }
    return listed ? find(hash) : Optional.empty();
  }

  /** The jobs that have stored blobs here and not been {@linkplain #forget forgotten}. */
  public List<Hash> jobs() {
    List<Hash> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(jobs)) {
      for (Path file : files) {
        out.add(Hash.fromHex(file.getFileName().toString()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + jobs, e);
    }
    return out;
  }

  /** What {@link #forget} removed: the jobs, and the objects no remaining job listed. */
  public record Forgotten(int jobs, int blobs, long bytes) {}

  /**
   * Removes the indexes of {@code ended} and deletes every object they list that no other job's
   * index lists. Objects go first and the index last, so a crash in between leaves the index for
   * the next call to finish. Throws {@link UncheckedIOException} when the disk fails.
   */
  public Forgotten forget(Set<Hash> ended) {
    objectsLock.writeLock().lock();
    try {
      Set<Hash> kept = new HashSet<>();
      for (Hash job : jobs()) {
        if (!ended.contains(job)) {
          kept.addAll(readIndex(job).keySet());
        }
      }
      int jobsForgotten = 0;
      int blobs = 0;
      long bytes = 0;
      for (Hash job : ended) {
        for (Map.Entry<Hash, Long> blob : readIndex(job).entrySet()) {
          if (!kept.contains(blob.getKey()) && Files.deleteIfExists(objectPath(blob.getKey()))) {
            blobs++;
            bytes += blob.getValue();
          }
        }
        if (Files.deleteIfExists(indexPath(job))) {
          jobsForgotten++;
        }
      }
      return new Forgotten(jobsForgotten, blobs, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete blobs of ended jobs", e);
    } finally {
      objectsLock.writeLock().unlock();
    }
  }

  /** The bytes of blobs {@code jobId} has stored. */
  public long jobBytes(Hash jobId) {
    synchronized (lockOf(jobId)) {
      return readIndex(jobId).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** The outcome of an upload; every case but {@link Stored} leaves the store unchanged. */
  public sealed interface PutResult {
    /** The blob is stored and counted against the job ({@code created}: it was new to the node). */
    record Stored(Hash hash, long size, boolean created) implements PutResult {}

    /** The body's SHA-256 is not the one the upload named. */
    record HashMismatch(Hash expected, Hash actual) implements PutResult {}

    /** The blob, or the job's blobs with it, would exceed a limit; {@code message} says which. */
    record TooLarge(String message) implements PutResult {}

    /** The body ended before its declared length or could not be read (the client went away). */
    record Incomplete(String message) implements PutResult {}
  }

  /**
   * Refuses an upload of {@code declaredSize} bytes for {@code jobId} before reading it, when that
   * size alone breaks a limit; empty when it may go ahead ({@code declaredSize} -1 when unknown).
   */
  public Optional<PutResult.TooLarge> precheck(Hash jobId, long declaredSize) {
    if (declaredSize > maxBlobBytes) {
      return Optional.of(blobTooLarge(declaredSize));
    }
    if (declaredSize > 0) {
      long used = jobBytes(jobId);
      if (used + declaredSize > maxJobBytes) {
        return Optional.of(jobTooLarge(used, declaredSize));
      }
    }
    return Optional.empty();
  }

  /**
   * Streams {@code body} to disk, checks that its SHA-256 is {@code expected} and stores it for
   * {@code jobId}. Reading stops as soon as a limit is crossed. Throws {@link UncheckedIOException}
   * only when the node's own disk fails.
   */
  public PutResult put(Hash jobId, Hash expected, InputStream body, long declaredSize) {
    Optional<PutResult.TooLarge> refused = precheck(jobId, declaredSize);
    if (refused.isPresent()) {
      return refused.get();
    }
    long jobLimit = maxJobBytes - jobBytes(jobId);
    Path temp = createTemp();
    try {
      MessageDigest digest = Hash.digest();
      long size = 0;
      try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE)) {
        byte[] buffer = new byte[BUFFER_BYTES];
        while (true) {
          int n;
          try {
            n = body.read(buffer);
          } catch (IOException e) {
            return new PutResult.Incomplete(
                "the upload broke off after " + size + " bytes: " + e.getMessage());
          }
          if (n < 0) {
            break;
          }
          size += n;
          if (size > maxBlobBytes) {
            return blobTooLarge(size);
          }
          if (size > jobLimit) {
            return jobTooLarge(maxJobBytes - jobLimit, size);
          }
          digest.update(buffer, 0, n);
          out.write(buffer, 0, n);
        }
      }
      if (declaredSize >= 0 && size != declaredSize) {
        return new PutResult.Incomplete(
            "the body had " + size + " bytes but Content-Length said " + declaredSize);
      }
      Hash actual = new Hash(digest.digest());
      if (!actual.equals(expected)) {
        return new PutResult.HashMismatch(expected, actual);
      }
      force(temp);
      return commit(jobId, actual, size, temp);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write blob " + expected + " to " + temp, e);
    } finally {
      deleteTemp(temp);
    }
  }

  private PutResult commit(Hash jobId, Hash hash, long size, Path temp) throws IOException {
    objectsLock.readLock().lock();
    try {
      return commitLocked(jobId, hash, size, temp);
    } finally {
      objectsLock.readLock().unlock();
    }
  }

  private PutResult commitLocked(Hash jobId, Hash hash, long size, Path temp) throws IOException {
    synchronized (lockOf(jobId)) {
      Map<Hash, Long> index = readIndex(jobId);
      boolean exists = Files.exists(objectPath(hash));
      if (index.containsKey(hash) && exists) {
        return new PutResult.Stored(hash, size, false);
      }
      long used = index.values().stream().mapToLong(Long::longValue).sum();
      if (!index.containsKey(hash) && used + size > maxJobBytes) {
        return jobTooLarge(used, size);
      }
      if (!exists) {
        Path target = objectPath(hash);
        Files.createDirectories(target.getParent());
        // Identical content under an identical name: a concurrent upload of the same blob for
        // another job may win the rename, and either copy is the right one.
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      }
      if (!index.containsKey(hash)) {
        index.put(hash, size);
        writeIndex(jobId, index);
      }
      return new PutResult.Stored(hash, size, !exists);
    }
  }

  private PutResult.TooLarge blobTooLarge(long size) {
    return new PutResult.TooLarge(
        "the blob has "
            + size
            + "+ bytes but this node stores blobs of at most "
            + maxBlobBytes
            + " bytes (maxBlobBytes); split it into smaller files");
  }

  private PutResult.TooLarge jobTooLarge(long used, long size) {
    return new PutResult.TooLarge(
        "the job already stores "
            + used
            + " bytes of blobs; "
            + size
            + "+ more would pass its limit of "
            + maxJobBytes
            + " bytes (maxJobBlobBytes)");
  }

  private Object lockOf(Hash jobId) {
    return jobLocks[Math.floorMod(jobId.hashCode(), LOCK_STRIPES)];
  }

  private Path objectPath(Hash hash) {
    String hex = hash.toHex();
    return objects.resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
  }

  private Path indexPath(Hash jobId) {
    return jobs.resolve(jobId.toHex());
  }

  private Map<Hash, Long> readIndex(Hash jobId) {
    Map<Hash, Long> index = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(indexPath(jobId), StandardCharsets.US_ASCII)) {
        int space = line.indexOf(' ');
        index.put(
            Hash.fromHex(line.substring(0, space)), Long.parseLong(line.substring(space + 1)));
      }
    } catch (NoSuchFileException e) {
      return index;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the blob index of job " + jobId, e);
    }
    return index;
  }

  /** Replaces the job's index through a temp file, so a crash leaves the old or the new one. */
  private void writeIndex(Hash jobId, Map<Hash, Long> index) throws IOException {
    StringBuilder text = new StringBuilder();
    index.forEach((hash, size) -> text.append(hash.toHex()).append(' ').append(size).append('\n'));
    Path temp = createTemp();
    try {
      Files.writeString(temp, text, StandardCharsets.US_ASCII);
      force(temp);
      Files.move(temp, indexPath(jobId), StandardCopyOption.ATOMIC_MOVE);
    } finally {
      deleteTemp(temp);
    }
  }

  private Path createTemp() {
    try {
      return Files.createTempFile(tmp, "upload-", ".part");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a file in " + tmp, e);
    }
  }

  private static void force(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  private static void deleteTemp(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the upload file " + temp, e);
    }
  }
}
