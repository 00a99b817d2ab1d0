package io.gridwork.agent.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * What one work unit may consume. The kernel enforces the per-process limits inside the sandbox
 * through rlimits (CPU time, address space, data, file size, processes of the sandbox's user); the
 * unit's memory sizes its in-memory file systems and each process's data limit; the runner enforces
 * the wall clock and the size of {@code /work} while the unit runs, and checks the outputs after
 * exit.
 *
 * @param cpuSeconds CPU time per process; a process past it gets SIGXCPU, and SIGKILL five seconds
 *     later
 * @param cpuMillis the CPUs the job asked for, in thousandths of a CPU; they set the CPU time of
 *     each process (that many CPUs for the whole wall clock) and, for containers, their CPU share
 * @param memoryBytes the memory the job asked for: each of the in-memory {@code /tmp} and {@code
 *     /dev/shm} holds an eighth of it ({@link #scratchBytes()}) and each process may write the
 *     remaining three quarters ({@link #dataFor})
 * @param addressSpaceBytes virtual memory per process, reserved or used; allocations past it fail
 * @param dataBytes writable private memory per process (heap, anonymous mappings, thread stacks:
 *     what a process actually writes to, unlike the address space runtimes reserve and never
 *     touch); allocations past it fail
 * @param fileSizeBytes the largest file a process may write; a process writing past it gets SIGXFSZ
 * @param processes processes the unit may run at once; counted per real user, which is why a unit
 *     runs as a user of its own when the agent runs as root
 * @param wallClock real time before the whole sandbox is killed
 * @param outputBytes the total size of the declared output files
 * @param workBytes how large {@code /work} may grow while the unit runs before it is stopped
 * @param logBytes how much of each of stdout and stderr is kept on disk
 */
public record ResourceLimits(
    long cpuSeconds,
    long cpuMillis,
    long memoryBytes,
    long addressSpaceBytes,
    long dataBytes,
    long fileSizeBytes,
    int processes,
    Duration wallClock,
    long outputBytes,
    long workBytes,
    long logBytes) {
  private static final long GIB = 1L << 30;

  public ResourceLimits {
    Objects.requireNonNull(wallClock, "wallClock");
    positive("cpuSeconds", cpuSeconds);
    positive("cpuMillis", cpuMillis);
    positive("memoryBytes", memoryBytes);
    positive("addressSpaceBytes", addressSpaceBytes);
    positive("dataBytes", dataBytes);
    positive("fileSizeBytes", fileSizeBytes);
    positive("processes", processes);
    positive("wallClock millis", wallClock.toMillis());
    positive("outputBytes", outputBytes);
    positive("workBytes", workBytes);
    positive("logBytes", logBytes);
  }

  /**
   * Generous limits for one unit of a typical batch job: an hour of wall clock and CPU, 16 GiB of
   * memory, 16 GiB of address space per process (GPU runtimes reserve a lot of virtual memory), 4
   * GiB files and outputs, 8 GiB in {@code /work}, 256 processes, four CPUs.
   */
  public static ResourceLimits defaults() {
    long memory = 16 * GIB;
    return new ResourceLimits(
        3600,
        4000,
        memory,
        16 * GIB,
        dataFor(memory),
        4 * GIB,
        256,
        Duration.ofHours(1),
        4 * GIB,
        8 * GIB,
        1 << 20);
  }

  /**
   * What each process may write to memory when the unit has {@code memory} in all: what the two
   * in-memory file systems cannot take.
   */
  public static long dataFor(long memory) {
    return memory - 2 * scratchFor(memory);
  }

  /** The capacity of each of {@code /tmp} and {@code /dev/shm} when the unit has {@code memory}. */
  public static long scratchFor(long memory) {
    return Math.max(1, memory / 8);
  }

  /** The capacity of each of the sandbox's in-memory {@code /tmp} and {@code /dev/shm}. */
  public long scratchBytes() {
    return scratchFor(memoryBytes);
  }

  public ResourceLimits withCpuSeconds(long seconds) {
    return toBuilder().cpuSeconds(seconds).build();
  }

  public ResourceLimits withCpuMillis(long millis) {
    return toBuilder().cpuMillis(millis).build();
  }

  /** This much memory in all, with the data limit and scratch space that follow from it. */
  public ResourceLimits withMemoryBytes(long bytes) {
    return toBuilder().memoryBytes(bytes).dataBytes(dataFor(bytes)).build();
  }

  public ResourceLimits withWallClock(Duration limit) {
    return toBuilder().wallClock(limit).build();
  }

  public ResourceLimits withAddressSpaceBytes(long bytes) {
    return toBuilder().addressSpaceBytes(bytes).build();
  }

  public ResourceLimits withDataBytes(long bytes) {
    return toBuilder().dataBytes(bytes).build();
  }

  public ResourceLimits withFileSizeBytes(long bytes) {
    return toBuilder().fileSizeBytes(bytes).build();
  }

  public ResourceLimits withProcesses(int count) {
    return toBuilder().processes(count).build();
  }

  public ResourceLimits withOutputBytes(long bytes) {
    return toBuilder().outputBytes(bytes).build();
  }

  public ResourceLimits withWorkBytes(long bytes) {
    return toBuilder().workBytes(bytes).build();
  }

  private Builder toBuilder() {
    return new Builder(this);
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  /** Changes some fields of a set of limits; the record's constructor checks the result. */
  private static final class Builder {
    private long cpuSeconds;
    private long cpuMillis;
    private long memoryBytes;
    private long addressSpaceBytes;
    private long dataBytes;
    private long fileSizeBytes;
    private int processes;
    private Duration wallClock;
    private long outputBytes;
    private long workBytes;
    private final long logBytes;

    Builder(ResourceLimits from) {
      cpuSeconds = from.cpuSeconds;
      cpuMillis = from.cpuMillis;
      memoryBytes = from.memoryBytes;
      addressSpaceBytes = from.addressSpaceBytes;
      dataBytes = from.dataBytes;
      fileSizeBytes = from.fileSizeBytes;
      processes = from.processes;
      wallClock = from.wallClock;
      outputBytes = from.outputBytes;
      workBytes = from.workBytes;
      logBytes = from.logBytes;
    }

    Builder cpuSeconds(long value) {
      cpuSeconds = value;
      return this;
    }

    Builder cpuMillis(long value) {
      cpuMillis = value;
      return this;
    }

    Builder memoryBytes(long value) {
      memoryBytes = value;
      return this;
    }

    Builder addressSpaceBytes(long value) {
      addressSpaceBytes = value;
      return this;
    }

    Builder dataBytes(long value) {
      dataBytes = value;
      return this;
    }

    Builder fileSizeBytes(long value) {
      fileSizeBytes = value;
      return this;
    }

    Builder processes(int value) {
      processes = value;
      return this;
    }

    Builder wallClock(Duration value) {
      wallClock = value;
      return this;
    }

    Builder outputBytes(long value) {
      outputBytes = value;
      return this;
    }

    Builder workBytes(long value) {
      workBytes = value;
      return this;
    }

    ResourceLimits build() {
      return new ResourceLimits(
          cpuSeconds,
          cpuMillis,
          memoryBytes,
          addressSpaceBytes,
          dataBytes,
          fileSizeBytes,
          processes,
          wallClock,
          outputBytes,
          workBytes,
          logBytes);
    }
  }
}
