package io.gridwork.agent.work;

import io.gridwork.agent.daemon.AgentConfig;
import io.gridwork.agent.gpu.Inventory;
import io.gridwork.agent.runtime.ContainerRunner;
import io.gridwork.agent.runtime.ContainerUnit;
import io.gridwork.agent.runtime.PublishedPort;
import io.gridwork.agent.runtime.SandboxConfig;
import io.gridwork.agent.runtime.SandboxedRunner;
import io.gridwork.agent.runtime.ServiceStart;
import io.gridwork.agent.runtime.UnitDirs;
import io.gridwork.agent.runtime.UnitSpec;
import io.gridwork.protocol.spec.ContainerWorkload;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.spec.ProcessWorkload;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtimes this agent has, the sandbox and the container engine, and the one place that picks a
 * job's runtime from its workload.
 *
 * @param engineProblem why container jobs cannot run here now, or empty when an engine answers
 * @param networkProblem why sandboxed units cannot be given network access here, or empty
 */
public record Runtimes(
    SandboxedRunner sandbox,
    ContainerRunner containers,
    Supplier<Optional<String>> engineProblem,
    Optional<String> networkProblem,
    AgentConfig config,
    Inventory inventory,
    SortedMap<String, String> unitEnv) {
  private static final Logger LOG = LoggerFactory.getLogger(Runtimes.class);

  /**
   * The runtimes of an agent with its home at {@code home}: the sandbox, with the gridwork jar and
   * a {@code gridwork} launcher on the units' {@code PATH} when {@code gridworkJar} is a file, and
   * the container runner, usable while {@code engineProblem} is empty.
   */
  public static Runtimes forAgent(
      AgentConfig config,
      Path home,
      Optional<Path> gridworkJar,
      Inventory inventory,
      ContainerRunner containers,
      Supplier<Optional<String>> engineProblem) {
    Optional<Path> jar = gridworkJar.filter(p -> p.toFile().isFile()).map(Path::toAbsolutePath);
    Path javaHome = Path.of(System.getProperty("java.home"));
    SandboxConfig sandbox = SandboxConfig.forAgent(home, List.of());
    SortedMap<String, String> unitEnv = new TreeMap<>();
    if (jar.isPresent()) {
      sandbox =
          sandbox.withTools(GridworkLauncher.prepare(config.workDir().resolve("tools"), jar.get()));
      unitEnv.put(GridworkLauncher.JAR_VARIABLE, GridworkLauncher.JAR_IN_SANDBOX);
      unitEnv.put(
          "PATH",
          SandboxConfig.TOOLS_DIR
              + ":"
              + javaHome.resolve("bin")
              + ":/usr/local/bin:/usr/bin:/bin");
    }
    SandboxedRunner runner = new SandboxedRunner(sandbox);
    runner
        .withoutCgroups()
        .ifPresent(
            reason ->
                LOG.warn(
                    "units get no cgroup of their own ({}): each is held by per-process rlimits"
                        + " and the size of its /tmp and /dev/shm only",
                    reason));
    return new Runtimes(
        runner, containers, engineProblem, runner.networkUnavailable(), config, inventory, unitEnv);
  }

  /** The runtime the job's workload needs. */
  public WorkloadRuntime of(JobSpec spec) {
    return switch (spec.workload()) {
      case ProcessWorkload process -> new Sandbox(this, spec, process);
      case ContainerWorkload container -> new Container(this, spec, container);
    };
  }

  /** A process workload, run in the bubblewrap sandbox. */
  record Sandbox(Runtimes runtimes, JobSpec spec, ProcessWorkload workload)
      implements WorkloadRuntime {
    @Override
    public Optional<String> engineMissing() {
      return Optional.empty();
    }

    @Override
    public Optional<String> networkMissing() {
      return spec.network()
          ? runtimes.networkProblem().map(p -> "the job asks for network access, and " + p)
          : Optional.empty();
    }

    @Override
    public Optional<String> prepare() {
      return Optional.empty();
    }

    @Override
    public PreparedUnit unit(int unit, List<Integer> gpuIndices, String name) {
      return new PreparedUnit.Sandboxed(
          UnitSetup.unitSpec(
              workload, spec, unit, gpuIndices, runtimes.config(), runtimes.unitEnv()),
          runtimes.sandbox());
    }

    @Override
    public void removeLeftover(String name) {}

    @Override
    public Function<UnitDirs, ServiceStart> service(
        List<Integer> gpuIndices, List<PublishedPort> published, String name) {
      UnitSpec unitSpec =
          UnitSetup.serviceSpec(workload, spec, gpuIndices, runtimes.config(), runtimes.unitEnv());
      return dirs -> runtimes.sandbox().startService(unitSpec, dirs, published);
    }
  }

  /** A container workload, run from its image through the container engine. */
  record Container(Runtimes runtimes, JobSpec spec, ContainerWorkload workload)
      implements WorkloadRuntime {
    @Override
    public Optional<String> engineMissing() {
      return runtimes.engineProblem().get().map(p -> "the job runs a container image and " + p);
    }

    @Override
    public Optional<String> networkMissing() {
      return Optional.empty();
    }

    @Override
    public Optional<String> prepare() {
      return runtimes.containers().pull(workload.image());
    }

    @Override
    public PreparedUnit unit(int unit, List<Integer> gpuIndices, String name) {
      return new PreparedUnit.Contained(
          UnitSetup.containerUnit(
              workload,
              spec,
              unit,
              gpuIndices,
              !runtimes.inventory().simulated(),
              runtimes.config()),
          name,
          runtimes.containers());
    }

    @Override
    public void removeLeftover(String name) {
      runtimes.containers().removeLeftover(name);
    }

    @Override
    public Function<UnitDirs, ServiceStart> service(
        List<Integer> gpuIndices, List<PublishedPort> published, String name) {
      ContainerUnit service =
          UnitSetup.containerService(
              workload, spec, gpuIndices, !runtimes.inventory().simulated(), runtimes.config());
      return dirs -> runtimes.containers().startService(service, published, dirs, name);
    }
  }
}
