package io.gridwork.agent.runtime;

/**
 * A container service's port published on the same port of the host.
 *
 * @param port the port, inside the container and on the host
 * @param global whether the internet may reach it: published on every interface, else on 127.0.0.1
 *     only
 */
public record PublishedPort(int port, boolean global) {
  public PublishedPort {
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port must be 1..65535, got " + port);
    }
  }

  /** The value of {@code docker run --publish}: {@code [host ip:]host port:container port}. */
  String flag() {
    return (global ? "" : "127.0.0.1:") + port + ":" + port;
  }
}
