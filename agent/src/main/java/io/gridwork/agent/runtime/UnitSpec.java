package io.gridwork.agent.runtime;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One work unit to run: the job's command and environment, the unit number, the GPUs pinned to it,
 * whether it may use the network, the output files it promises and its limits.
 *
 * @param unit the unit number, exported as {@code UNIT} and substituted for {@code ${UNIT}} in the
 *     command's arguments
 * @param command the program and its arguments, run with {@code /work} as working directory
 * @param env the job's environment; names the sandbox sets itself are refused
 * @param gpuIndices host GPU indices pinned to this unit, empty for a CPU-only unit
 * @param network whether the unit reaches the internet, through a network namespace of its own that
 *     cannot reach the host; otherwise it sees only its own loopback
 * @param outputs files the unit must leave, relative to {@code /work}
 */
public record UnitSpec(
    long unit,
    List<String> command,
    SortedMap<String, String> env,
    List<Integer> gpuIndices,
    boolean network,
    List<String> outputs,
    ResourceLimits limits) {

  /** Variables the sandbox controls; a job setting them could escape its GPU pinning or home. */
  public static final Set<String> RESERVED_ENV =
      Set.of("UNIT", "CUDA_VISIBLE_DEVICES", "HOME", "TMPDIR", "GRIDWORK_CHECKPOINT_DIR");

  public UnitSpec {
    if (unit < 0) {
      throw new IllegalArgumentException("unit number must not be negative, got " + unit);
    }
    command = List.copyOf(command);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("a unit needs a command");
    }
    env = Collections.unmodifiableSortedMap(new TreeMap<>(env));
    for (String name : env.keySet()) {
      if (RESERVED_ENV.contains(name)) {
        throw new IllegalArgumentException(
            "the job may not set " + name + ": the sandbox sets it for each unit");
      }
    }
    gpuIndices = List.copyOf(gpuIndices);
    for (int index : gpuIndices) {
      if (index < 0) {
        throw new IllegalArgumentException("GPU index must not be negative, got " + index);
      }
    }
    outputs = List.copyOf(outputs);
    for (String output : outputs) {
      checkOutputName(output);
    }
    Objects.requireNonNull(limits, "limits");
  }

  /** A CPU-only unit without network access and the default limits. */
  public static UnitSpec of(long unit, List<String> command, List<String> outputs) {
    return new UnitSpec(
        unit, command, new TreeMap<>(), List.of(), false, outputs, ResourceLimits.defaults());
  }

  public UnitSpec withNetwork(boolean allowed) {
    return new UnitSpec(unit, command, env, gpuIndices, allowed, outputs, limits);
  }

  public UnitSpec withEnv(Map<String, String> variables) {
    return new UnitSpec(
        unit, command, new TreeMap<>(variables), gpuIndices, network, outputs, limits);
  }

  public UnitSpec withLimits(ResourceLimits newLimits) {
    return new UnitSpec(unit, command, env, gpuIndices, network, outputs, newLimits);
  }

  /** Output names stay inside {@code /work}: relative, normalized, no {@code ..}. */
  static void checkOutputName(String output) {
    Path path = Path.of(output);
    if (output.isBlank()
        || path.isAbsolute()
        || !path.normalize().equals(path)
        || path.startsWith("..")) {
      throw new IllegalArgumentException(
          "output '" + output + "' must be a plain path relative to /work, without '..'");
    }
  }
}
