package io.gridwork.agent.lease;

import io.gridwork.agent.runtime.CheckpointArchive;
import io.gridwork.agent.runtime.UnitTree;
import io.gridwork.client.GridworkClientException;
import io.gridwork.protocol.crypto.Hash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a running unit's checkpoint directory every interval in which it changed, so a unit
 * that is stopped here resumes elsewhere from its latest saved state. A change is seen from the
 * names, sizes and modification times of the entries (read without following links); the packed
 * archive's hash then decides, so touching a file without changing it publishes nothing. Packing is
 * the {@link Packer}'s: for a sandboxed unit, in a sandbox like the unit's.
 *
 * <p>Lifecycle: {@link #start} once when the unit starts, {@link #stop} once when it ended; the
 * watching runs on one virtual thread this object owns. A failed publication is logged and tried
 * again at the next interval; it never stops the unit.
 */
final class CheckpointWatcher {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointWatcher.class);
  static final Duration STOP_WAIT = Duration.ofSeconds(10);

  /** Packs the unit's checkpoint directory. */
  interface Packer {
    /**
     * Writes the archive of the directory to {@code archive}. Throws {@link UncheckedIOException}
     * when packing fails.
     */
    CheckpointArchive.PackResult pack(Path archive) throws InterruptedException;
  }

  /** Stores a packed checkpoint and records it on the ledger. */
  interface Publisher {
    /**
     * Publishes {@code archive}, whose SHA-256 is {@code hash}; false when the ledger refused it.
     * Throws {@link GridworkClientException} when the node cannot be reached.
     */
    boolean publish(Path archive, Hash hash);
  }

  private final String unitName;
  private final Path dir;
  private final Path archive;
  private final Duration interval;
  private final Packer packer;
  private final Publisher publisher;
  private List<String> lastFingerprint = List.of();
  private volatile Optional<Hash> published;
  private Thread thread;

  /**
   * @param unitName names the unit in logs
   * @param dir the unit's checkpoint directory on the host
   * @param archive where the packed directory is written; never inside the sandbox
   * @param packer packs the directory, with the unit's rights where the runtime allows
   * @param published the checkpoint the ledger holds already (the one the unit was resumed from)
   */
  CheckpointWatcher(
      String unitName,
      Path dir,
      Path archive,
      Duration interval,
      Packer packer,
      Optional<Hash> published,
      Publisher publisher) {
    this.unitName = unitName;
    this.dir = dir;
    this.archive = archive;
    this.interval = interval;
    this.packer = packer;
    this.published = published;
    this.publisher = publisher;
  }

  synchronized void start() {
    thread = Thread.ofVirtual().name("checkpoints-" + unitName).start(this::watch);
  }

  /**
   * Stops watching; a publication under way is interrupted. A watcher still busy after {@link
   * #STOP_WAIT} is left behind: the unit may have swapped a file for a named pipe between the look
   * at an entry and its opening, and the open then waits for a writer that never comes. The unit's
   * result must not wait for that.
   */
  void stop() throws InterruptedException {
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null) {
      t.interrupt();
      if (!t.join(STOP_WAIT)) {
        LOG.warn("{}: checkpoint watcher still busy after {}; left behind", unitName, STOP_WAIT);
      }
    }
  }

  /** The checkpoint last published or resumed from, once the watcher is stopped. */
  Optional<Hash> published() {
    return published;
  }

  private void watch() {
    try {
      while (true) {
        Thread.sleep(interval);
        publishIfChanged();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Packs and publishes the directory if it changed since the last look; true if published. */
  boolean publishIfChanged() throws InterruptedException {
    List<String> fingerprint = fingerprint();
    if (fingerprint.isEmpty() || fingerprint.equals(lastFingerprint)) {
      return false;
    }
    try {
      switch (packer.pack(archive)) {
        case CheckpointArchive.PackResult.Packed packed -> {
          if (!packed.skipped().isEmpty()) {
            LOG.warn(
                "{}: checkpoint entries {} are not plain files or directories and are left out",
                unitName,
                packed.skipped());
          }
          if (published.equals(Optional.of(packed.hash()))) {
            lastFingerprint = fingerprint;
            return false;
          }
          // Remembered only once the node answered, so a publication that failed is retried.
          boolean accepted = publisher.publish(archive, packed.hash());
          lastFingerprint = fingerprint;
          if (!accepted) {
            return false;
          }
          published = Optional.of(packed.hash());
          LOG.info("{}: checkpoint {} ({} bytes) saved", unitName, packed.hash(), packed.bytes());
          return true;
        }
        case CheckpointArchive.PackResult.TooLarge tooLarge -> {
          lastFingerprint = fingerprint;
          LOG.warn(
              "{}: checkpoint of {} bytes is over the limit of {} bytes; not saved",
              unitName,
              tooLarge.bytes(),
              tooLarge.limit());
        }
        case CheckpointArchive.PackResult.TooManyEntries tooMany -> {
          lastFingerprint = fingerprint;
          LOG.warn(
              "{}: checkpoint holds more than {} files and directories; not saved",
              unitName,
              tooMany.limit());
        }
        case CheckpointArchive.PackResult.NameTooLong tooLong -> {
          lastFingerprint = fingerprint;
          LOG.warn(
              "{}: checkpoint entry {} has a path over 255 bytes; checkpoint not saved",
              unitName,
              tooLong.name());
        }
        case CheckpointArchive.PackResult.Changing changing ->
            LOG.debug(
                "{}: {} changed while it was packed; trying again", unitName, changing.name());
      }
    } catch (GridworkClientException e) {
      LOG.warn("{}: saving the checkpoint failed, trying again: {}", unitName, e.getMessage());
    } catch (UncheckedIOException e) {
      if (Thread.currentThread().isInterrupted()) {
        return false;
      }
      LOG.warn("{}: cannot pack the checkpoint: {}", unitName, e.getMessage(), e);
    } finally {
      deleteArchive();
    }
    return false;
  }

  /**
   * Name, kind, size and modification time of every entry, sorted by name; read without following
   * links ({@link UnitTree}), like the packing itself.
   */
  private List<String> fingerprint() {
    List<String> out = new ArrayList<>();
    try {
      for (UnitTree.Entry e : UnitTree.list(dir, CheckpointArchive.MAX_ENTRIES)) {
        out.add(e.name() + "|" + e.kind() + "|" + e.size() + "|" + e.modified());
      }
    } catch (UnitTree.TooLargeException e) {
      // Packing says so once, and says why.
      return List.of("too large|" + e.getMessage());
    } catch (IOException e) {
      // The unit may delete or swap what is being looked at; the next interval looks again.
      LOG.debug("{}: cannot list the checkpoint directory: {}", unitName, e.toString());
      return List.of();
    }
    out.sort(null);
    return out;
  }

  private void deleteArchive() {
    try {
      Files.deleteIfExists(archive);
    } catch (IOException e) {
      LOG.warn("{}: cannot delete {}: {}", unitName, archive, e.getMessage());
    }
  }
}
