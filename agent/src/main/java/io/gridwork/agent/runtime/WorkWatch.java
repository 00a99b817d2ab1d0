package io.gridwork.agent.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;

/**
 * What a unit's supervisor samples while the unit runs: how much its work directory holds, and the
 * most CPU time any one of its processes has used (to tell the kernel's kill at the hard CPU-time
 * limit from a kill sent by someone else). Used by the supervisor's thread only.
 */
final class WorkWatch {
  private final Path work;
  private final Process process;
  private Duration mostCpu = Duration.ZERO;

  WorkWatch(Path work, Process process) {
    this.work = work;
    this.process = process;
  }

  /**
   * The bytes of the regular files under the work directory; links are not followed, and files that
   * vanish while being counted, or that the unit made unreadable to an agent not running as root,
   * are not counted (the file-size limit still holds each of them).
   */
  long workBytes() {
    long[] total = {0};
    try {
      Files.walkFileTree(
          work,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
              if (attributes.isRegularFile()) {
                total[0] = Math.addExact(total[0], attributes.size());
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
              if (e instanceof NoSuchFileException || e instanceof AccessDeniedException) {
                return FileVisitResult.CONTINUE;
              }
              throw e;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot measure the unit's work directory " + work, e);
    }
    return total[0];
  }

  /** Notes the CPU time each of the unit's processes has used so far. */
  void sampleCpu() {
    process
        .descendants()
        .forEach(
            p ->
                p.info()
                    .totalCpuDuration()
                    .filter(used -> used.compareTo(mostCpu) > 0)
                    .ifPresent(used -> mostCpu = used));
  }

  /** The most CPU time one process of the unit was seen to have used. */
  Duration mostCpu() {
    return mostCpu;
  }
}
