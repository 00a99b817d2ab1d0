package io.gridwork.agent.daemon;

import io.gridwork.protocol.crypto.Hash;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The TCP ports this agent's services hold. A service listens on the host network, so two leases
 * exposing the same port cannot both run here: the bid engine lets a job pass whose port is held or
 * busy on the host, and a lease won anyway (two bids placed before either auction closed) is given
 * back before it starts.
 *
 * <p>Thread-safe: the bidding thread asks, service runner threads claim and release.
 */
final class ServicePorts {
  private final Map<Integer, Hash> held = new TreeMap<>();

  /** Why a new service could not listen on {@code port} now, or empty when it could. */
  synchronized Optional<String> unavailable(int port) {
    Hash holder = held.get(port);
    if (holder != null) {
      return Optional.of("port " + port + " is served here already, by lease " + holder);
    }
    return HostPorts.unavailable(port);
  }

  /**
   * Claims every one of {@code ports} for {@code lease}, or none: empty when claimed, else why the
   * first unavailable port is.
   */
  synchronized Optional<String> claim(Hash lease, List<Integer> ports) {
    for (int port : ports) {
      Optional<String> problem = unavailable(port);
      if (problem.isPresent()) {
        return problem;
      }
    }
    ports.forEach(port -> held.put(port, lease));
    return Optional.empty();
  }

  synchronized void release(Hash lease) {
    held.values().removeIf(lease::equals);
  }
}
