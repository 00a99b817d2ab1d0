package io.gridwork.agent.gpu;

import java.util.OptionalLong;

/**
 * A GPU that does not exist, offered by a devnet provider so the marketplace can be exercised on a
 * machine without cards. Its uuid starts with {@code SIM-}, never nvidia-smi's {@code GPU-}.
 */
public record SimulatedGpu(int index, String name, int memoryTotalMib, long powerLimitWatts)
    implements GpuDevice {

  public String uuid() {
    return "SIM-" + index + "-" + name.replace(' ', '-');
  }

  @Override
  public OptionalLong powerLimitMilliwatts() {
    return OptionalLong.of(Math.multiplyExact(powerLimitWatts, 1000));
  }

  @Override
  public boolean simulated() {
    return true;
  }
}
