package io.gridwork.agent.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The host's TCP ports as services see them: a service shares the host network, so the port it
 * listens on is the host's port. Says whether a port could be taken by a sandboxed service now and
 * whether one accepts connections (the liveness probe, like a tcpSocket probe).
 */
final class HostPorts {
  private static final Path UNPRIVILEGED_START =
      Path.of("/proc/sys/net/ipv4/ip_unprivileged_port_start");

  private HostPorts() {}

  /**
   * Why a sandboxed service could not listen on {@code port}, or empty when it could: the port is
   * privileged (the sandbox has no capabilities), or something on the host holds it now.
   */
  static Optional<String> unavailable(int port) {
    int firstFree = unprivilegedStart();
    if (port < firstFree) {
      return Optional.of(
          "port "
              + port
              + " is privileged on this host (below "
              + firstFree
              + ") and services run without privileges");
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(port));
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("port " + port + " is in use on this host");
    }
  }

  /**
   * Empty when {@code port} on 127.0.0.1 accepts a TCP connection within {@code timeout}, else what
   * went wrong.
   */
  static Optional<String> refuses(int port, Duration timeout) {
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
          (int) Math.max(1, timeout.toMillis()));
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(
          "port " + port + " accepts no connection on 127.0.0.1 (" + e.getMessage() + ")");
    }
  }

  private static int unprivilegedStart() {
    try {
      // Read by lines: a /proc file reports no size, and a read sized by it may stop short.
      return Integer.parseInt(Files.readAllLines(UNPRIVILEGED_START).getFirst().strip());
    } catch (NoSuchFileException e) {
      return 1024;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + UNPRIVILEGED_START, e);
    }
  }
}
