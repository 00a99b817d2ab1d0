package io.gridwork.agent.daemon;

import io.gridwork.agent.runtime.UnitDirs;
import io.gridwork.agent.runtime.UnitTree;
import io.gridwork.agent.work.UnitLogs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes, when the agent starts, the lease and audit directories nothing will resume: those of
 * leases that ended while the agent was away or whose runner stopped on a failure, and of audits no
 * longer pending. The logs of the units found in them are kept first ({@link UnitLogs}).
 */
final class StaleDirs {
  private static final Logger LOG = LoggerFactory.getLogger(StaleDirs.class);

  private final Path workDir;
  private final UnitLogs logs;

  StaleDirs(Path workDir, UnitLogs logs) {
    this.workDir = workDir;
    this.logs = logs;
  }

  /**
   * Removes every directory under {@code leases/} not named in {@code openLeases} (lease ids in
   * hex) and under {@code audits/} not named in {@code pendingAudits}.
   */
  void sweep(Set<String> openLeases, Set<String> pendingAudits) {
    for (Path lease : children(workDir.resolve("leases"))) {
      if (!openLeases.contains(lease.getFileName().toString())) {
        for (Path unit : children(lease)) {
          keepLog("lease-" + lease.getFileName() + "-" + unit.getFileName(), unit);
        }
        remove(lease);
      }
    }
    for (Path audit : children(workDir.resolve("audits"))) {
      if (!pendingAudits.contains(audit.getFileName().toString())) {
        keepLog("audit-" + audit.getFileName(), audit.resolve("unit"));
        remove(audit);
      }
    }
  }

  private void keepLog(String name, Path unitDir) {
    UnitDirs dirs = UnitDirs.under(unitDir);
    if (Files.isRegularFile(dirs.stdout()) || Files.isRegularFile(dirs.stderr())) {
      logs.keep(name, dirs);
    }
  }

  private static void remove(Path dir) {
    try {
      UnitTree.delete(dir);
      LOG.info("removed {}: nothing resumes it", dir);
    } catch (IOException e) {
      LOG.warn("cannot remove {}: {}", dir, e.toString());
    }
  }

  private static List<Path> children(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(p -> Files.isDirectory(p)).sorted().toList();
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
