package io.gridwork.agent.runtime;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One work unit of a container image: what {@link ContainerRunner} turns into a {@code docker run}.
 *
 * @param unit the unit number, exported as {@code UNIT} and substituted for {@code ${UNIT}} in the
 *     entrypoint and arguments
 * @param image the image, already pulled
 * @param entrypoint replaces the image's entrypoint when present
 * @param args the arguments after the image: the image's own command when empty
 * @param env the job's environment; names the runner sets itself are refused
 * @param gpuIndices host GPU indices leased to this unit
 * @param realGpus whether those are real cards to hand to the container; simulated ones never are
 * @param network whether the container gets a network; otherwise it has none at all
 * @param cpuMillis CPU time per second of wall clock, in thousandths of a core
 * @param memoryMib memory, swap included
 * @param outputs files the unit must leave, relative to {@code /work}
 */
public record ContainerUnit(
    long unit,
    String image,
    Optional<String> entrypoint,
    List<String> args,
    SortedMap<String, String> env,
    List<Integer> gpuIndices,
    boolean realGpus,
    boolean network,
    long cpuMillis,
    long memoryMib,
    List<String> outputs,
    ResourceLimits limits) {

  public ContainerUnit {
    if (unit < 0) {
      throw new IllegalArgumentException("unit number must not be negative, got " + unit);
    }
    checkImage(image);
    Objects.requireNonNull(entrypoint, "entrypoint");
    args = List.copyOf(args);
    env = Collections.unmodifiableSortedMap(new TreeMap<>(env));
    for (String name : env.keySet()) {
      if (UnitSpec.RESERVED_ENV.contains(name)) {
        throw new IllegalArgumentException(
            "the job may not set " + name + ": the agent sets it for each unit");
      }
      if (name.isEmpty() || name.contains("=")) {
        throw new IllegalArgumentException(
            "environment variable name '" + name + "' must be non-empty and without '='");
      }
    }
    gpuIndices = List.copyOf(gpuIndices);
    if (cpuMillis <= 0 || memoryMib <= 0) {
      throw new IllegalArgumentException(
          "a container needs a positive CPU and memory limit, got "
              + cpuMillis
              + " millicores and "
              + memoryMib
              + " MiB");
    }
    outputs = List.copyOf(outputs);
    outputs.forEach(UnitSpec::checkOutputName);
    Objects.requireNonNull(limits, "limits");
  }

  /**
   * An image name becomes an argument of {@code docker pull} and {@code docker run}, where one
   * starting with a dash would be read as an option.
   */
  static void checkImage(String image) {
    if (image.isBlank()
        || image.startsWith("-")
        || image.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      throw new IllegalArgumentException(
          "image '" + image + "' must be a non-empty name without spaces, not starting with '-'");
    }
  }
}
