package io.gridwork.agent.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Builds the {@code docker run} command line for one container unit or service. The container gets
 * a read-only root, a capped {@code /tmp}, no capabilities, no privilege gain, the agent's own user
 * id (so what it writes to {@code /work} belongs to the agent), CPU, memory and process limits, no
 * network unless the job asks, and only the unit's work and checkpoint directories from the host. A
 * service's exposed ports are published on the host besides.
 */
final class DockerCommand {
  static final String WORK = "/work";
  static final String CHECKPOINT = "/checkpoint";

  private DockerCommand() {}

  static List<String> run(
      ContainerConfig config, ContainerUnit unit, UnitDirs dirs, String name, String user) {
    return run(config, unit, dirs, name, user, List.of());
  }

  /**
   * The command line of a service: a unit's, with each of {@code ports} published on the same host
   * port. A port the job does not expose globally is bound to 127.0.0.1 only, where the agent's
   * probe reaches it and the internet does not; a global one on every interface, as {@code -p
   * PORT:PORT} does.
   */
  static List<String> service(
      ContainerConfig config,
      ContainerUnit unit,
      List<PublishedPort> ports,
      UnitDirs dirs,
      String name,
      String user) {
    if (!ports.isEmpty() && !unit.network()) {
      throw new IllegalArgumentException(
          "a container without a network cannot publish ports " + ports);
    }
    return run(config, unit, dirs, name, user, ports);
  }

  private static List<String> run(
      ContainerConfig config,
      ContainerUnit unit,
      UnitDirs dirs,
      String name,
      String user,
      List<PublishedPort> ports) {
    ResourceLimits limits = unit.limits();
    String memory = unit.memoryMib() + "m";
    List<String> args = new ArrayList<>(List.of(config.docker(), "run", "--rm", "--name", name));
    // The image was pulled under its own time limit; a run must not pull again on the unit's.
    args.addAll(List.of("--pull", "never"));
    args.addAll(List.of("--network", unit.network() ? "bridge" : "none"));
    for (PublishedPort port : ports) {
      args.addAll(List.of("--publish", port.flag()));
    }
    args.addAll(List.of("--cpus", cpus(unit.cpuMillis())));
    args.addAll(List.of("--memory", memory, "--memory-swap", memory));
    args.addAll(List.of("--pids-limit", Integer.toString(limits.processes())));
    args.add("--read-only");
    args.addAll(List.of("--tmpfs", "/tmp:rw,nosuid,nodev,mode=1777,size=" + limits.scratchBytes()));
    args.addAll(List.of("--security-opt", "no-new-privileges"));
    args.addAll(List.of("--cap-drop", "ALL"));
    args.addAll(List.of("--user", user));
    if (unit.realGpus() && !unit.gpuIndices().isEmpty()) {
      // The quotes are part of the value: docker reads --gpus as CSV, and the device list has
      // commas.
      args.addAll(List.of("--gpus", "\"device=" + indices(unit) + "\""));
    }
    args.addAll(List.of("--volume", bind(config, dirs.work(), WORK)));
    args.addAll(List.of("--volume", bind(config, dirs.checkpoint(), CHECKPOINT)));
    args.addAll(List.of("--workdir", WORK));
    for (Map.Entry<String, String> variable : environment(unit).entrySet()) {
      args.addAll(List.of("--env", variable.getKey() + "=" + variable.getValue()));
    }
    String number = Long.toString(unit.unit());
    unit.entrypoint()
        .ifPresent(e -> args.addAll(List.of("--entrypoint", e.replace("${UNIT}", number))));
    args.add(unit.image());
    unit.args().forEach(a -> args.add(a.replace("${UNIT}", number)));
    return args;
  }

  /**
   * The job's variables, then the ones the agent owns. With real cards the container sees only the
   * leased ones, numbered from 0 by the NVIDIA runtime, so CUDA_VISIBLE_DEVICES is left to it;
   * simulated cards are only numbers, pinned as for a sandboxed unit.
   */
  static Map<String, String> environment(ContainerUnit unit) {
    Map<String, String> env = new TreeMap<>(unit.env());
    env.put("UNIT", Long.toString(unit.unit()));
    env.put("HOME", WORK);
    env.put("TMPDIR", "/tmp");
    env.put("GRIDWORK_CHECKPOINT_DIR", CHECKPOINT);
    if (!unit.realGpus()) {
      env.put("CUDA_VISIBLE_DEVICES", indices(unit));
    }
    return env;
  }

  private static String indices(ContainerUnit unit) {
    return unit.gpuIndices().stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  /** Whole millicores as a decimal number of CPUs, e.g. 1500 as 1.500. */
  private static String cpus(long millis) {
    return (millis / 1000) + "." + String.format(Locale.ROOT, "%03d", millis % 1000);
  }

  /**
   * {@code --volume} separates source, target and options with colons, so a host path with one
   * cannot be written there.
   */
  private static String bind(ContainerConfig config, Path source, String target) {
    Path host = source.toAbsolutePath().normalize();
    config.requireHidden(host);
    if (host.toString().contains(":")) {
      throw new IllegalArgumentException(
          "cannot bind " + host + " into a container: docker volume paths cannot contain ':'");
    }
    return host + ":" + target;
  }
}
