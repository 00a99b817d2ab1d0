package io.gridwork.agent.gpu;

import java.util.List;

/** What probing the machine's GPUs found. */
public sealed interface ProbeResult {

  /** At least one GPU answered. */
  record Detected(List<Gpu> gpus) implements ProbeResult {
    public Detected {
      gpus = List.copyOf(gpus);
      if (gpus.isEmpty()) {
        throw new IllegalArgumentException("a detection lists at least one GPU");
      }
    }
  }

  /** No usable GPU; {@code reason} says why and ends with what the agent does about it. */
  record CpuOnly(String reason) implements ProbeResult {}
}
