package io.gridwork.agent.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The host's TCP ports as services see them: a service's exposed port is published on the same port
 * of the host, where its sandbox's forwarder (or the container engine) listens. Says whether a port
 * could be published now and whether the service behind one accepts connections (the liveness
 * probe, like a tcpSocket probe).
 */
public final class HostPorts {
  private static final Path UNPRIVILEGED_START =
      Path.of("/proc/sys/net/ipv4/ip_unprivileged_port_start");

  /** How long an accepted connection must stay open to count as reaching the service. */
  static final Duration SETTLE = Duration.ofMillis(200);

  private HostPorts() {}

  /**
   * Why a service's port could not be published on {@code port}, or empty when it could: the port
   * is privileged (services run without privileges), or something on the host holds it now.
   */
  public static Optional<String> unavailable(int port) {
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
   * Empty when {@code port} on 127.0.0.1 accepts a TCP connection within {@code timeout} and keeps
   * it open (or answers on it) for {@link #SETTLE}, else what went wrong. A forwarder accepts on
   * the host before it connects to the service; when nothing listens behind it, it closes the
   * connection at once, and that counts as refused.
   */
  static Optional<String> refuses(int port, Duration timeout) {
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
          (int) Math.max(1, timeout.toMillis()));
      socket.setSoTimeout((int) SETTLE.toMillis());
      try {
        if (socket.getInputStream().read() == -1) {
          return Optional.of(
              "port "
                  + port
                  + " on 127.0.0.1 closes every connection at once: nothing listens behind it");
        }
      } catch (SocketTimeoutException stillOpen) {
        // Open and silent, as a server waiting for a request is.
      }
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
