package io.gridwork.agent.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds the bwrap + prlimit command line for one unit. Everything not bound here is absent from
 * the sandbox: the host's home directories, {@code /root}, {@code /run}, {@code /sys}, {@code /var}
 * and all of {@code /etc} except the short list below.
 */
final class BwrapCommand {
  static final String WORK = "/work";
  static final String CHECKPOINT = "/checkpoint";

  /** Top-level system paths: on merged-/usr systems these are symbolic links into /usr. */
  private static final List<String> SYSTEM =
      List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");

  /**
   * The parts of /etc programs need to start (dynamic linker, time zone, name service config, CA
   * certificates); shadow, ssh host keys, sudoers, ssl/private, machine-id, credentials in
   * /etc/*.conf of other services stay out. Distribution JDKs keep their configuration in
   * /etc/java-*, so those directories are bound too. No passwd: the sandbox user has no name and
   * HOME is set explicitly.
   */
  private static final List<String> ETC =
      List.of(
          "/etc/ld.so.cache",
          "/etc/ld.so.conf",
          "/etc/ld.so.conf.d",
          "/etc/localtime",
          "/etc/nsswitch.conf",
          "/etc/ssl/certs",
          "/etc/ca-certificates");

  /** The NVIDIA control devices every CUDA process opens besides its own /dev/nvidiaN. */
  private static final List<String> NVIDIA_SHARED =
      List.of("/dev/nvidiactl", "/dev/nvidia-uvm", "/dev/nvidia-uvm-tools");

  /** An unprivileged id inside the sandbox, so units never run as (namespaced) root. */
  private static final String SANDBOX_ID = "1000";

  private static final String PATH = "/usr/local/bin:/usr/bin:/bin";

  private BwrapCommand() {}

  /**
   * The command line; {@code network} holds the options of the {@link SandboxNetwork} of a unit
   * given network access, empty for the others. No unit shares the host's network.
   */
  static List<String> build(
      SandboxConfig config, UnitSpec spec, UnitDirs dirs, List<String> network) {
    List<String> args = new ArrayList<>(List.of(config.bwrap()));
    // No --new-session: bwrap runs in a session of its own already (started through setsid), with
    // no controlling terminal to inject input into, and a second session would take the sandbox's
    // first process out of the process group that stopping the sandbox kills.
    args.addAll(
        List.of(
            "--unshare-all",
            // A user namespace of its own, in which no further one can be made: a nested user
            // namespace would give the unit every capability over the mounts and processes in it.
            "--unshare-user",
            "--disable-userns",
            "--die-with-parent",
            "--cap-drop",
            "ALL",
            "--uid",
            SANDBOX_ID,
            "--gid",
            SANDBOX_ID));
    args.addAll(network);
    for (String system : SYSTEM) {
      bindSystem(config, args, Path.of(system));
    }
    for (String etc : ETC) {
      bindReadOnlyIfPresent(config, args, Path.of(etc));
    }
    for (Path javaConfig : jdkConfigDirs()) {
      bindReadOnly(config, args, javaConfig);
    }
    args.addAll(List.of("--proc", "/proc", "--dev", "/dev"));
    // In-memory file systems are memory the rlimits do not see: each is sized from the unit's
    // memory, and charged to its cgroup where it has one.
    String scratchBytes = Long.toString(spec.limits().scratchBytes());
    args.addAll(List.of("--perms", "1777", "--size", scratchBytes, "--tmpfs", "/dev/shm"));
    args.addAll(List.of("--size", scratchBytes, "--tmpfs", "/tmp"));
    bindGpus(args, spec.gpuIndices());
    bindReadOnly(config, args, config.javaHome());
    for (Path extra : config.extraReadOnly()) {
      bindReadOnly(config, args, extra);
    }
    if (config.tools().isPresent()) {
      Path tools = config.tools().get();
      config.requireHidden(tools);
      args.addAll(List.of("--ro-bind", tools.toString(), SandboxConfig.TOOLS_DIR));
    }
    bindWritable(config, args, dirs.work(), WORK);
    bindWritable(config, args, dirs.checkpoint(), CHECKPOINT);
    // bwrap's root and /dev are in-memory and writable by the sandbox user; left so, a unit could
    // fill RAM outside its address-space limit. Only /work, /checkpoint, /tmp and /dev/shm remain
    // writable, the last two capped.
    args.addAll(List.of("--remount-ro", "/dev", "--remount-ro", "/"));
    args.addAll(List.of("--chdir", WORK, "--clearenv"));
    for (Map.Entry<String, String> variable : environment(config, spec).entrySet()) {
      args.addAll(List.of("--setenv", variable.getKey(), variable.getValue()));
    }
    args.add("--");
    args.addAll(limits(spec.limits()));
    String unit = Long.toString(spec.unit());
    for (String arg : spec.command()) {
      args.add(arg.replace("${UNIT}", unit));
    }
    return args;
  }

  /** Defaults first, then the job's variables, then the ones the sandbox owns. */
  static Map<String, String> environment(SandboxConfig config, UnitSpec spec) {
    Map<String, String> env = new TreeMap<>();
    env.put("PATH", config.javaHome().resolve("bin") + ":" + PATH);
    env.put("JAVA_HOME", config.javaHome().toString());
    env.putAll(spec.env());
    env.put("UNIT", Long.toString(spec.unit()));
    env.put(
        "CUDA_VISIBLE_DEVICES",
        spec.gpuIndices().stream().map(String::valueOf).collect(Collectors.joining(",")));
    env.put("HOME", WORK);
    env.put("TMPDIR", "/tmp");
    env.put("GRIDWORK_CHECKPOINT_DIR", CHECKPOINT);
    return env;
  }

  /**
   * Soft CPU limit first so the process gets SIGXCPU (a recognizable exit status), then SIGKILL
   * five seconds later if it ignores that. No core files: they would land in /work.
   */
  private static List<String> limits(ResourceLimits limits) {
    return List.of(
        "prlimit",
        "--cpu=" + limits.cpuSeconds() + ":" + Math.addExact(limits.cpuSeconds(), 5),
        "--as=" + limits.addressSpaceBytes(),
        "--data=" + limits.dataBytes(),
        "--fsize=" + limits.fileSizeBytes(),
        "--nproc=" + limits.processes(),
        "--core=0",
        "--");
  }

  private static void bindSystem(SandboxConfig config, List<String> args, Path path) {
    if (Files.isSymbolicLink(path)) {
      args.addAll(List.of("--symlink", readLink(path), path.toString()));
    } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      bindReadOnly(config, args, path);
    }
  }

  private static void bindGpus(List<String> args, List<Integer> gpuIndices) {
    if (gpuIndices.isEmpty()) {
      return;
    }
    List<String> devices = new ArrayList<>(NVIDIA_SHARED);
    gpuIndices.forEach(index -> devices.add("/dev/nvidia" + index));
    for (String device : devices) {
      args.addAll(List.of("--dev-bind-try", device, device));
    }
  }

  private static void bindReadOnlyIfPresent(SandboxConfig config, List<String> args, Path path) {
    if (Files.exists(path)) {
      bindReadOnly(config, args, path);
    }
  }

  private static void bindReadOnly(SandboxConfig config, List<String> args, Path path) {
    config.requireHidden(path);
    args.addAll(List.of("--ro-bind", path.toString(), path.toString()));
  }

  private static void bindWritable(
      SandboxConfig config, List<String> args, Path source, String target) {
    config.requireHidden(source);
    args.addAll(List.of("--bind", source.toAbsolutePath().normalize().toString(), target));
  }

  private static String readLink(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the system link " + link, e);
    }
  }

  private static List<Path> jdkConfigDirs() {
    try (Stream<Path> entries = Files.list(Path.of("/etc"))) {
      return entries
          .filter(path -> path.getFileName().toString().startsWith("java-"))
          .filter(Files::isDirectory)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list /etc", e);
    }
  }
}
