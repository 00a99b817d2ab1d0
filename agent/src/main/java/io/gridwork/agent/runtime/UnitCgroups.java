package io.gridwork.agent.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A delegated cgroup v2 subtree in which each sandbox gets a cgroup of its own, holding the whole
 * unit to its job's memory ({@code memory.max}, in-memory file systems included, no swap), process
 * count ({@code pids.max}) and share of the CPUs ({@code cpu.max}). The agent's cgroup must offer
 * the memory, pids and cpu controllers and be writable by the agent (systemd's {@code
 * Delegate=yes}); the agent then moves itself into a leaf {@code agent} beside the units' cgroups,
 * as cgroup v2 allows controllers only below cgroups without processes of their own. Where no such
 * hierarchy is found the rlimits and tmpfs sizes of {@link ResourceLimits} are all that applies,
 * and {@link #find} says why.
 *
 * <p>Immutable and safe to share; each {@link UnitCgroup} belongs to one sandbox.
 */
final class UnitCgroups {
  private static final Logger LOG = LoggerFactory.getLogger(UnitCgroups.class);
  private static final List<String> CONTROLLERS = List.of("memory", "pids", "cpu");
  private static final long CPU_PERIOD_MICROS = 100_000;

  private final Path base;

  private UnitCgroups(Path base) {
    this.base = base;
  }

  /** The delegated subtree, or why there is none. */
  sealed interface Found {
    record Available(UnitCgroups cgroups) implements Found {}

    record Unavailable(String reason) implements Found {}
  }

  private static final Found THIS_PROCESS =
      find(Path.of("/proc/self/mountinfo"), Path.of("/proc/self/cgroup"), ProcessHandle.current());

  /** What this process found, once: it may have moved itself into a leaf to use the subtree. */
  static Found forThisProcess() {
    return THIS_PROCESS;
  }

  /**
   * Looks for the cgroup v2 mount in {@code mountinfo} and this process's cgroup in {@code
   * ownCgroup}, and prepares that cgroup for units if it can.
   */
  static Found find(Path mountinfo, Path ownCgroup, ProcessHandle self) {
    Optional<Path> mount = cgroup2Mount(mountinfo);
    if (mount.isEmpty()) {
      return new Found.Unavailable("no cgroup v2 hierarchy is mounted");
    }
    Optional<String> own =
        lines(ownCgroup).stream()
            .filter(l -> l.startsWith("0::"))
            .map(l -> l.substring(3))
            .findFirst();
    if (own.isEmpty()) {
      return new Found.Unavailable(
          "the agent is in no cgroup of the v2 hierarchy at " + mount.get());
    }
    Path base = mount.get().resolve(own.get().replaceFirst("^/+", ""));
    Set<String> offered =
        Arrays.stream(String.join(" ", lines(base.resolve("cgroup.controllers"))).split("\\s+"))
            .filter(name -> !name.isEmpty())
            .collect(Collectors.toCollection(TreeSet::new));
    if (!offered.containsAll(CONTROLLERS)) {
      return new Found.Unavailable(
          "the agent's cgroup "
              + base
              + " offers "
              + (offered.isEmpty() ? "no controllers" : String.join(" ", offered))
              + ", not all of "
              + String.join(" ", CONTROLLERS));
    }
    if (!Files.isWritable(base.resolve("cgroup.subtree_control"))) {
      return new Found.Unavailable("the agent's cgroup " + base + " is not delegated to it");
    }
    try {
      if (!base.equals(mount.get())) {
        Path leaf = Files.createDirectories(base.resolve("agent"));
        write(leaf.resolve("cgroup.procs"), Long.toString(self.pid()));
      }
      write(base.resolve("cgroup.subtree_control"), "+memory +pids +cpu");
    } catch (IOException e) {
      return new Found.Unavailable(
          "cannot enable memory, pids and cpu below " + base + ": " + e.getMessage());
    } catch (UncheckedIOException e) {
      return new Found.Unavailable(
          "cannot enable memory, pids and cpu below " + base + ": " + e.getCause().getMessage());
    }
    return new Found.Available(new UnitCgroups(base));
  }

  /** A new cgroup holding one sandbox to {@code limits}. */
  UnitCgroup create(long unit, ResourceLimits limits) {
    Path dir = base.resolve("unit-" + unit + "-" + UUID.randomUUID().toString().substring(0, 8));
    try {
      Files.createDirectory(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the unit's cgroup " + dir, e);
    }
    write(dir.resolve("memory.max"), Long.toString(limits.memoryBytes()));
    if (Files.exists(dir.resolve("memory.swap.max"))) {
      write(dir.resolve("memory.swap.max"), "0");
    }
    write(dir.resolve("pids.max"), Integer.toString(limits.processes()));
    long quota = Math.multiplyExact(limits.cpuMillis(), CPU_PERIOD_MICROS / 1000);
    write(dir.resolve("cpu.max"), quota + " " + CPU_PERIOD_MICROS);
    return new UnitCgroup(dir);
  }

  /** One sandbox's cgroup. */
  record UnitCgroup(Path dir) {
    /**
     * The words that move the rest of a command line into this cgroup before it runs: the shell
     * joins it as the agent's user, then executes the rest.
     */
    List<String> join() {
      return List.of(
          "sh", "-c", "echo $$ > \"$0\" && exec \"$@\"", dir.resolve("cgroup.procs").toString());
    }

    /** Whether the kernel killed a process of the unit at its memory limit. */
    boolean outOfMemory() {
      return lines(dir.resolve("memory.events")).stream()
          .anyMatch(line -> line.startsWith("oom_kill ") && !line.equals("oom_kill 0"));
    }

    /** Removes the cgroup once the sandbox's last process has gone; says so if it cannot. */
    void remove() {
      for (int attempt = 0; attempt < 40; attempt++) {
        try {
          Files.deleteIfExists(dir);
          return;
        } catch (IOException e) {
          try {
            Thread.sleep(50);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            break;
          }
        }
      }
      LOG.warn("cannot remove the unit's cgroup {}; it still holds processes", dir);
    }
  }

  private static Optional<Path> cgroup2Mount(Path mountinfo) {
    for (String line : lines(mountinfo)) {
      String[] halves = line.split(" - ", 2);
      if (halves.length == 2 && halves[1].startsWith("cgroup2 ")) {
        return Optional.of(Path.of(halves[0].split(" ")[4]));
      }
    }
    return Optional.empty();
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static void write(Path file, String value) {
    try {
      Files.writeString(file, value, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + value + " to " + file, e);
    }
  }
}
