package io.gridwork.agent.work;

import io.gridwork.agent.daemon.AgentConfig;
import io.gridwork.agent.runtime.ContainerUnit;
import io.gridwork.agent.runtime.ResourceLimits;
import io.gridwork.agent.runtime.UnitDirs;
import io.gridwork.agent.runtime.UnitSpec;
import io.gridwork.agent.runtime.UnitTree;
import io.gridwork.client.GridworkClient;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.spec.ContainerWorkload;
import io.gridwork.protocol.spec.InputRef;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.spec.ProcessWorkload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Prepares one unit of a job for the sandbox or a container, the same way for a lease and for an
 * audit: the same inputs checked against their hashes, the same command and environment with {@code
 * UNIT} set, the job's limits under this agent's caps. An auditor that set up a unit differently
 * from the provider it checks would report a mismatch for honest work.
 */
public final class UnitSetup {
  /**
   * A service's CPU-time limit per process: ten years, in effect none, because a process that
   * serves requests for months uses CPU time without end; its cards and memory stay bounded.
   */
  private static final long SERVICE_CPU_SECONDS = 10L * 365 * 24 * 3600;

  private UnitSetup() {}

  /**
   * Downloads the inputs of job {@code jobId} not yet in {@code inputsDir}, each request signed by
   * {@code key} (the node hands a job's blobs only to its buyer, its providers and its auditors);
   * empty when all are there, else why not. Every download is checked against the input's SHA-256
   * by the client.
   */
  public static Optional<String> fetchInputs(
      GridworkClient client, KeyPair key, Hash jobId, List<InputRef> inputs, Path inputsDir) {
    for (InputRef input : inputs) {
      Path target = inputsDir.resolve(input.name());
      if (Files.exists(target)) {
        continue;
      }
      if (!client.downloadBlob(jobId, key, input.sha256(), target)) {
        return Optional.of(
            "input " + input.name() + " (" + input.sha256() + ") is not in the node's blob store");
      }
    }
    return Optional.empty();
  }

  /**
   * A container's view of unit {@code unit}: the job's image, command and environment under the
   * same limits a sandboxed unit gets, plus the CPU and memory the job asked for. The first word of
   * the job's command replaces the image's entrypoint and the rest go before the job's arguments,
   * as Kubernetes and Akash read {@code command} and {@code args}. The agent's tools and {@code
   * PATH} are not passed in: the image brings its own.
   */
  static ContainerUnit containerUnit(
      ContainerWorkload workload,
      JobSpec spec,
      int unit,
      List<Integer> gpuIndices,
      boolean realGpus,
      AgentConfig config) {
    return container(
        workload, spec, unit, gpuIndices, realGpus, outputs(spec, unit), limits(spec, config));
  }

  /**
   * A container's view of a service: the job's image, command and environment as for a unit, with
   * the CPU and memory the job asked for and the service limits; {@code UNIT} is 0 and no output is
   * checked.
   */
  static ContainerUnit containerService(
      ContainerWorkload workload,
      JobSpec spec,
      List<Integer> gpuIndices,
      boolean realGpus,
      AgentConfig config) {
    return container(
        workload, spec, 0, gpuIndices, realGpus, List.of(), serviceLimits(spec, config));
  }

  private static ContainerUnit container(
      ContainerWorkload workload,
      JobSpec spec,
      int unit,
      List<Integer> gpuIndices,
      boolean realGpus,
      List<String> outputs,
      ResourceLimits limits) {
    List<String> args = new ArrayList<>();
    Optional<String> entrypoint = Optional.empty();
    if (!workload.command().isEmpty()) {
      entrypoint = Optional.of(workload.command().getFirst());
      args.addAll(workload.command().subList(1, workload.command().size()));
    }
    args.addAll(workload.args());
    return new ContainerUnit(
        unit,
        workload.image(),
        entrypoint,
        args,
        workload.env(),
        gpuIndices,
        realGpus,
        spec.network(),
        spec.resources().cpuMillis(),
        spec.resources().memoryMib(),
        outputs,
        limits);
  }

  /**
   * The sandbox's view of unit {@code unit}. Throws {@link IllegalArgumentException} when the job
   * cannot run in this sandbox (it sets a variable the sandbox owns, or names a bad output).
   */
  public static UnitSpec unitSpec(
      ProcessWorkload workload,
      JobSpec spec,
      int unit,
      List<Integer> gpuIndices,
      AgentConfig config,
      Map<String, String> unitEnv) {
    SortedMap<String, String> env = new TreeMap<>(workload.env());
    unitEnv.forEach(env::putIfAbsent);
    return new UnitSpec(
        unit,
        workload.command(),
        env,
        gpuIndices,
        spec.network(),
        outputs(spec, unit),
        limits(spec, config));
  }

  private static List<String> outputs(JobSpec spec, int unit) {
    String number = Integer.toString(unit);
    return spec.outputs().stream().map(o -> o.replace("${UNIT}", number)).toList();
  }

  /**
   * The job's limits under this agent's caps: its wall clock and output limit; its memory for the
   * whole unit, in-memory scratch space included; its CPUs as the unit's share and, per process,
   * the CPU time those CPUs give in the wall clock; files no larger than the output limit, and
   * {@code /work} no larger than the outputs plus the job's disk.
   */
  static ResourceLimits limits(JobSpec spec, AgentConfig config) {
    long wallSeconds = Math.min(spec.limits().unitTimeoutSeconds(), config.maxUnitSeconds());
    long outputBytes =
        Math.min(spec.limits().maxOutputBytesPerUnit(), config.maxOutputBytesPerUnit());
    long cpus = Math.ceilDiv(spec.resources().cpuMillis(), 1000);
    long memoryBytes = Math.multiplyExact(spec.resources().memoryMib(), 1L << 20);
    long diskBytes = Math.multiplyExact(spec.resources().diskMib(), 1L << 20);
    ResourceLimits defaults = ResourceLimits.defaults();
    return defaults
        .withWallClock(Duration.ofSeconds(wallSeconds))
        .withCpuSeconds(Math.multiplyExact(wallSeconds, cpus))
        .withCpuMillis(spec.resources().cpuMillis())
        .withMemoryBytes(memoryBytes)
        .withAddressSpaceBytes(Math.addExact(defaults.addressSpaceBytes(), memoryBytes))
        .withOutputBytes(outputBytes)
        .withFileSizeBytes(outputBytes)
        .withWorkBytes(Math.addExact(outputBytes, diskBytes));
  }

  /**
   * The sandbox's view of a service: the job's command and environment on the lease's GPUs, with a
   * network of its own when the job allows it, the job's memory, and no time limit (a service runs
   * until its lease ends). {@code UNIT} is 0: a service has no units. Throws {@link
   * IllegalArgumentException} when the job sets a variable the sandbox owns.
   */
  static UnitSpec serviceSpec(
      ProcessWorkload workload,
      JobSpec spec,
      List<Integer> gpuIndices,
      AgentConfig config,
      Map<String, String> unitEnv) {
    SortedMap<String, String> env = new TreeMap<>(workload.env());
    unitEnv.forEach(env::putIfAbsent);
    return new UnitSpec(
        0,
        workload.command(),
        env,
        gpuIndices,
        spec.network(),
        List.of(),
        serviceLimits(spec, config));
  }

  /**
   * A service's limits: those of a unit of the same job, but no wall clock, in effect no CPU time,
   * and files as large as the default allows (a service keeps models and caches, not outputs).
   */
  static ResourceLimits serviceLimits(JobSpec spec, AgentConfig config) {
    return limits(spec, config)
        .withCpuSeconds(SERVICE_CPU_SECONDS)
        .withFileSizeBytes(ResourceLimits.defaults().fileSizeBytes())
        .withWallClock(Duration.ofSeconds(SERVICE_CPU_SECONDS));
  }

  /**
   * Empty {@code work} and {@code logs} directories under {@code unitDir} with the inputs copied
   * into {@code work}. The checkpoint directory is left as it is: what a unit saved there survives
   * its own retry.
   */
  public static UnitDirs prepare(Path unitDir, Path inputsDir, List<InputRef> inputs) {
    UnitDirs dirs = UnitDirs.under(unitDir);
    emptyDirectory(dirs.work());
    emptyDirectory(dirs.logs());
    createDirectories(dirs.checkpoint());
    for (InputRef input : inputs) {
      Path target = dirs.work().resolve(input.name());
      try {
        Files.createDirectories(target.getParent());
        Files.copy(inputsDir.resolve(input.name()), target);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot copy input " + input.name() + " to " + dirs.work(), e);
      }
    }
    return dirs;
  }

  /**
   * An empty directory at {@code dir}: whatever was there is removed, links included and never
   * followed, since a unit may have left them.
   */
  public static void emptyDirectory(Path dir) {
    try {
      UnitTree.empty(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare unit directory " + dir, e);
    }
  }

  public static boolean isEmptyDirectory(Path dir) {
    if (!Files.isDirectory(dir)) {
      return true;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }
}
