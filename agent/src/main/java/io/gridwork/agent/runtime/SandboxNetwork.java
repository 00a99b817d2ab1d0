package io.gridwork.agent.runtime;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The network of a sandbox whose job may use one: a network namespace of its own (bwrap without
 * {@code --share-net}), reaching the internet through a user-mode forwarder ({@link Slirp}) whose
 * {@link NetworkFilter} refuses the host's addresses, its loopback, the private, shared and
 * link-local ranges. The host's abstract Unix sockets belong to the host's namespace and are out of
 * reach. Inside, the unit sees {@code tap0} at 10.0.2.100 with a default route, a resolver at
 * {@value #RESOLVER} (the forwarder relays to the host's) and its own loopback.
 *
 * <p>Lifecycle: {@link #create} before bwrap starts (the files it binds, the pipe its sandbox waits
 * on); {@link #attach} once bwrap runs, which installs the filter, starts the forwarder, publishes
 * the service's ports and only then lets the sandbox's program start; {@link #close} once the
 * sandbox has ended, which ends the forwarder. Owned by the run it was created for; close may be
 * called from any thread, more than once.
 */
final class SandboxNetwork implements AutoCloseable {
  static final String INTERFACE = "tap0";
  static final String RESOLVER = "10.0.2.3";
  private static final String BLOCK_FD = "3";
  private static final String INFO_FD = "4";
  private static final Pattern CHILD_PID = Pattern.compile("\"child-pid\"\\s*:\\s*(\\d+)");
  private static final long POLL_MILLIS = 5;

  /** The programs a network-enabled sandbox needs besides bwrap, and their Debian packages. */
  private static final List<List<String>> TOOLS =
      List.of(
          List.of(Slirp.PROGRAM, "slirp4netns"),
          List.of("nsenter", "util-linux"),
          List.of("iptables-restore", "iptables"));

  private final Path dir;
  private Slirp slirp;
  private boolean closed;

  private SandboxNetwork(Path dir) {
    this.dir = dir;
  }

  /**
   * Why no network-enabled sandbox can start on this host, or empty when one can: installing the
   * filter and attaching the forwarder to another user's namespace take root.
   */
  static Optional<String> unavailable() {
    if (!runsAsRoot()) {
      return Optional.of(
          "a unit with network access needs the agent to run as root, to filter and forward"
              + " its network");
    }
    for (List<String> tool : TOOLS) {
      if (!Executables.exists(tool.get(0))) {
        return Optional.of(
            "a unit with network access needs "
                + tool.get(0)
                + ", which is not installed (Debian/Ubuntu: apt-get install "
                + tool.get(1)
                + ")");
      }
    }
    return Optional.empty();
  }

  private static boolean runsAsRoot() {
    try {
      // /proc/self belongs to the process's effective user.
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the agent's user from /proc/self", e);
    }
  }

  /**
   * A directory of its own for the sandbox's resolver and hosts files, the pipe it waits on and the
   * forwarder's control socket; readable by all, so bwrap can bind the files whatever user it runs
   * as, and writable only by the agent.
   */
  static SandboxNetwork create() {
    try {
      Path dir =
          Files.createTempDirectory(
              "gridwork-net-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      SandboxNetwork network = new SandboxNetwork(dir);
      Files.writeString(network.resolvConf(), "nameserver " + RESOLVER + "\n");
      Files.writeString(network.hosts(), "127.0.0.1 localhost\n::1 localhost\n");
      Files.writeString(network.info(), "");
      Process mkfifo =
          new ProcessBuilder("mkfifo", "-m", "600", network.ready().toString())
              .redirectErrorStream(true)
              .start();
      String output = new String(mkfifo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (mkfifo.waitFor() != 0) {
        network.close();
        throw new IOException("mkfifo failed: " + output.strip());
      }
      return network;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare a sandbox's network", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while preparing a sandbox's network", e);
    }
  }

  /**
   * bwrap's options for this network: report the sandbox's process on one descriptor, wait for a
   * byte on another before running the program, and see this network's resolver and hosts files.
   */
  List<String> bwrapOptions() {
    return List.of(
        "--info-fd",
        INFO_FD,
        "--block-fd",
        BLOCK_FD,
        "--ro-bind",
        resolvConf().toString(),
        "/etc/resolv.conf",
        "--ro-bind",
        hosts().toString(),
        "/etc/hosts");
  }

  /**
   * {@code command} (bwrap, or what runs it) behind a shell that opens the two descriptors named in
   * {@link #bwrapOptions()} and then becomes the command. The pipe is opened for reading and
   * writing, so that neither side waits for the other to open it.
   */
  List<String> wrap(List<String> command) {
    List<String> wrapped = new ArrayList<>();
    wrapped.addAll(
        List.of(
            "sh",
            "-c",
            "exec " + BLOCK_FD + "<>\"$1\" " + INFO_FD + ">\"$2\" && shift 2 && exec \"$@\"",
            "sh",
            ready().toString(),
            info().toString()));
    wrapped.addAll(command);
    return wrapped;
  }

  /**
   * Connects the sandbox led by {@code sandbox} to the network and lets its program start: the
   * filter first, so no packet ever leaves unfiltered, then the forwarder, then each of {@code
   * ports}. Empty when the program may run (or the sandbox ended by itself, which its run reports);
   * else why the network could not be set up, and the caller must kill the sandbox.
   */
  Optional<String> attach(Process sandbox, List<PublishedPort> ports) throws InterruptedException {
    Optional<Long> pid = childPid(sandbox);
    if (pid.isEmpty()) {
      return Optional.empty();
    }
    Path proc = Path.of("/proc", Long.toString(pid.get()));
    if (!loopbackUp(sandbox, proc)) {
      return Optional.empty();
    }
    Path netns = proc.resolve("ns/net");
    Optional<String> filtered = installFilter(netns);
    if (filtered.isPresent()) {
      return filtered;
    }
    synchronized (this) {
      if (closed) {
        return Optional.of("the sandbox ended while its network was set up");
      }
      switch (Slirp.start(netns, dir.resolve("slirp.sock"), dir.resolve("slirp.log"))) {
        case Slirp.Started started -> slirp = started.slirp();
        case Slirp.Failed failed -> {
          return Optional.of(failed.reason());
        }
      }
      for (PublishedPort port : ports) {
        Optional<String> problem = slirp.publish(port);
        if (problem.isPresent()) {
          return problem;
        }
      }
    }
    release();
    return Optional.empty();
  }

  /** Ends the forwarder, if one runs, and removes this network's files. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (slirp != null) {
      slirp.close();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + dir, e);
    }
  }

  /**
   * The host pid of the sandbox's first process, born in the new namespaces, from what bwrap wrote
   * on its info descriptor; empty if bwrap ended first.
   */
  private Optional<Long> childPid(Process sandbox) throws InterruptedException {
    while (true) {
      boolean alive = sandbox.isAlive();
      String info;
      try {
        info = Files.readString(info());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + info(), e);
      }
      Matcher matcher = CHILD_PID.matcher(info);
      // bwrap writes the object in pieces; the closing brace comes last.
      if (info.contains("}") && matcher.find()) {
        return Optional.of(Long.parseLong(matcher.group(1)));
      }
      if (!alive) {
        return Optional.empty();
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  /**
   * Waits until bwrap has brought up the namespace's loopback, which it does right after reporting
   * its pid: changes made to the namespace meanwhile can make that fail. The local route of
   * 127.0.0.1 appears once the address is set and the interface up. False if the sandbox ended
   * first.
   */
  private static boolean loopbackUp(Process sandbox, Path proc) throws InterruptedException {
    Path routes = proc.resolve("net/fib_trie");
    while (sandbox.isAlive()) {
      try {
        if (Files.readString(routes).contains("127.0.0.1")) {
          return true;
        }
      } catch (IOException e) {
        // The sandbox's process has gone: the sandbox is ending.
        return false;
      }
      Thread.sleep(POLL_MILLIS);
    }
    return false;
  }

  /** Installs the {@link NetworkFilter} in the namespace at {@code netns}. */
  private static Optional<String> installFilter(Path netns) throws InterruptedException {
    String rules = NetworkFilter.rules(NetworkFilter.hostAddresses());
    try {
      Process restore =
          new ProcessBuilder("nsenter", "--net=" + netns, "iptables-restore")
              .redirectErrorStream(true)
              .start();
      try (var in = restore.getOutputStream()) {
        in.write(rules.getBytes(StandardCharsets.UTF_8));
      }
      String output = new String(restore.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (restore.waitFor() != 0) {
        return Optional.of(
            "cannot install the packet filter of the sandbox's network: " + output.strip());
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("cannot run nsenter and iptables-restore: " + e.getMessage());
    }
  }

  /** Lets the sandbox's program start: bwrap waits for one byte on the pipe. */
  private void release() {
    // Opened for reading and writing: that never waits, even if the sandbox has gone meanwhile.
    try (RandomAccessFile pipe = new RandomAccessFile(ready().toFile(), "rw")) {
      pipe.write('1');
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the sandbox's program through " + ready(), e);
    }
  }

  private Path resolvConf() {
    return dir.resolve("resolv.conf");
  }

  private Path hosts() {
    return dir.resolve("hosts");
  }

  private Path ready() {
    return dir.resolve("ready");
  }

  private Path info() {
    return dir.resolve("info.json");
  }
}
