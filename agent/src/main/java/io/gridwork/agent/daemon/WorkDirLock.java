package io.gridwork.agent.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps a second agent off a work directory already in use: two agents there would run the same
 * units twice and spend the same nonces. The operating system drops the lock when the process dies,
 * so a crash never leaves it stuck.
 */
final class WorkDirLock implements AutoCloseable {
  static final String FILE = "agent.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private WorkDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Locks {@code workDir}; throws {@link AgentStartException} when another agent holds it. */
  static WorkDirLock acquire(Path workDir) {
    Path file = workDir.resolve(FILE);
    FileChannel channel;
    try {
      Files.createDirectories(workDir);
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file, e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException e) {
      close(channel);
      throw new UncheckedIOException("cannot lock " + file, e);
    }
    if (lock == null) {
      close(channel);
      throw new AgentStartException(
          "another agent is running with work directory "
              + workDir
              + "; stop it first, or give this one another --home");
    }
    return new WorkDirLock(channel, lock);
  }

  /** Releases the lock; closing twice is harmless. */
  @Override
  public void close() {
    if (!channel.isOpen()) {
      return;
    }
    try {
      lock.release();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the agent lock", e);
    } finally {
      close(channel);
    }
  }

  private static void close(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the agent lock file", e);
    }
  }
}
