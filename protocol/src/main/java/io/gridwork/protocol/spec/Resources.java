package io.gridwork.protocol.spec;

/** What one run of a job occupies on a provider: GPUs, CPU in millicores, memory and disk. */
public record Resources(GpuRequest gpu, long cpuMillis, long memoryMib, long diskMib) {}
