package io.gridwork.agent.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * What one work unit may consume. The kernel enforces the first five inside the sandbox through
 * rlimits; the runner enforces the wall clock and checks the outputs after exit.
 *
 * @param cpuSeconds CPU time per process; a process past it gets SIGXCPU, and SIGKILL a few seconds
 *     later
 * @param addressSpaceBytes virtual memory per process, reserved or used; allocations past it fail
 * @param dataBytes writable private memory per process (heap, anonymous mappings, thread stacks:
 *     what a process actually writes to, unlike the address space runtimes reserve and never
 *     touch); allocations past it fail
 * @param fileSizeBytes the largest file a process may write; also the capacity of each of the
 *     sandbox's in-memory {@code /tmp} and {@code /dev/shm}, which would otherwise be memory
 *     outside the address-space limit
 * @param processes processes the sandbox user may run at once (not enforced when the agent runs as
 *     root: the kernel exempts the host's root user from this limit)
 * @param wallClock real time before the whole sandbox is killed
 * @param outputBytes the total size of the declared output files
 * @param logBytes how much of each of stdout and stderr is kept on disk
 */
public record ResourceLimits(
    long cpuSeconds,
    long addressSpaceBytes,
    long dataBytes,
    long fileSizeBytes,
    int processes,
    Duration wallClock,
    long outputBytes,
    long logBytes) {
  public ResourceLimits {
    Objects.requireNonNull(wallClock, "wallClock");
    positive("cpuSeconds", cpuSeconds);
    positive("addressSpaceBytes", addressSpaceBytes);
    positive("dataBytes", dataBytes);
    positive("fileSizeBytes", fileSizeBytes);
    positive("processes", processes);
    positive("wallClock millis", wallClock.toMillis());
    positive("outputBytes", outputBytes);
    positive("logBytes", logBytes);
  }

  /**
   * Generous limits for one unit of a typical batch job: an hour of wall clock and CPU, 16 GiB of
   * address space and data (GPU runtimes reserve a lot of virtual memory), 4 GiB files and outputs.
   */
  public static ResourceLimits defaults() {
    long gib = 1L << 30;
    return new ResourceLimits(
        3600, 16 * gib, 16 * gib, 4 * gib, 256, Duration.ofHours(1), 4 * gib, 1 << 20);
  }

  public ResourceLimits withCpuSeconds(long seconds) {
    return new ResourceLimits(
        seconds,
        addressSpaceBytes,
        dataBytes,
        fileSizeBytes,
        processes,
        wallClock,
        outputBytes,
        logBytes);
  }

  public ResourceLimits withWallClock(Duration limit) {
    return new ResourceLimits(
        cpuSeconds,
        addressSpaceBytes,
        dataBytes,
        fileSizeBytes,
        processes,
        limit,
        outputBytes,
        logBytes);
  }

  public ResourceLimits withAddressSpaceBytes(long bytes) {
    return new ResourceLimits(
        cpuSeconds, bytes, dataBytes, fileSizeBytes, processes, wallClock, outputBytes, logBytes);
  }

  public ResourceLimits withDataBytes(long bytes) {
    return new ResourceLimits(
        cpuSeconds,
        addressSpaceBytes,
        bytes,
        fileSizeBytes,
        processes,
        wallClock,
        outputBytes,
        logBytes);
  }

  public ResourceLimits withFileSizeBytes(long bytes) {
    return new ResourceLimits(
        cpuSeconds,
        addressSpaceBytes,
        dataBytes,
        bytes,
        processes,
        wallClock,
        outputBytes,
        logBytes);
  }

  public ResourceLimits withOutputBytes(long bytes) {
    return new ResourceLimits(
        cpuSeconds,
        addressSpaceBytes,
        dataBytes,
        fileSizeBytes,
        processes,
        wallClock,
        bytes,
        logBytes);
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
