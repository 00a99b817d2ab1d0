package io.gridwork.agent.gpu;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A real GPU as nvidia-smi reported it. Fields a card cannot report ({@code [N/A]}, {@code [Not
 * Supported]}) are empty; power is in milliwatts so the pricing code stays in integers.
 */
public record Gpu(
    int index,
    String uuid,
    String name,
    int memoryTotalMib,
    OptionalInt memoryUsedMib,
    OptionalInt utilizationPercent,
    OptionalLong powerDrawMilliwatts,
    OptionalLong powerLimitMilliwatts,
    OptionalInt temperatureCelsius,
    Optional<String> pciBusId,
    Optional<String> driverVersion,
    Optional<String> computeCapability)
    implements GpuDevice {
  public Gpu {
    Objects.requireNonNull(uuid, "uuid");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(memoryUsedMib, "memoryUsedMib");
    Objects.requireNonNull(utilizationPercent, "utilizationPercent");
    Objects.requireNonNull(powerDrawMilliwatts, "powerDrawMilliwatts");
    Objects.requireNonNull(powerLimitMilliwatts, "powerLimitMilliwatts");
    Objects.requireNonNull(temperatureCelsius, "temperatureCelsius");
    Objects.requireNonNull(pciBusId, "pciBusId");
    Objects.requireNonNull(driverVersion, "driverVersion");
    Objects.requireNonNull(computeCapability, "computeCapability");
  }

  @Override
  public boolean simulated() {
    return false;
  }
}
