package io.gridwork.agent.service;

import io.gridwork.protocol.crypto.Hash;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The TCP ports this agent's services hold or have been promised. A service's exposed port is
 * published on the same host port (by its sandbox's forwarder, or the container engine), so two
 * jobs exposing the same port cannot both run here. A pending bid on a service therefore reserves
 * its ports until its auction is lost or the job ends, and a won one keeps them for its lease: the
 * bid engine lets a job pass whose port is reserved here or busy on the host, so a lease is not won
 * only to be given back. A port taken on the host meanwhile still gives the lease back before it
 * starts.
 *
 * <p>Ports are held by job, not lease: a provider holds at most one lease of a job, and the bid
 * that won it and the lease are then one holder. Thread-safe: the bidding thread reserves, the
 * event thread releases bids, service runner threads claim and release.
 */
public final class ServicePorts {
  /** Who holds a port: a job, through a pending bid or a lease whose service runs. */
  private record Holder(Hash job, boolean running) {}

  private final Map<Integer, Holder> held = new TreeMap<>();

  /** Why a new service could not listen on {@code port} now, or empty when it could. */
  public synchronized Optional<String> unavailable(int port) {
    Holder holder = held.get(port);
    if (holder != null) {
      return Optional.of(
          holder.running()
              ? "port " + port + " is served here already, for job " + holder.job()
              : "port " + port + " is promised to job " + holder.job() + " by a pending bid");
    }
    return HostPorts.unavailable(port);
  }

  /**
   * Reserves {@code ports} for a bid on {@code job}, or none: empty when reserved, else why the
   * first unavailable port is.
   */
  public synchronized Optional<String> reserve(Hash job, List<Integer> ports) {
    return take(job, ports, false);
  }

  /**
   * Claims every one of {@code ports} for the running service of {@code job}, or none: ports its
   * bid reserved are its own; empty when claimed, else why the first unavailable port is.
   */
  public synchronized Optional<String> claim(Hash job, List<Integer> ports) {
    return take(job, ports, true);
  }

  /** The job's bid or service no longer needs its ports. */
  public synchronized void release(Hash job) {
    held.values().removeIf(h -> h.job().equals(job));
  }

  private Optional<String> take(Hash job, List<Integer> ports, boolean running) {
    for (int port : ports) {
      Holder holder = held.get(port);
      if (holder != null && holder.job().equals(job)) {
        continue;
      }
      Optional<String> problem = unavailable(port);
      if (problem.isPresent()) {
        return problem;
      }
    }
    ports.forEach(port -> held.put(port, new Holder(job, running)));
    return Optional.empty();
  }
}
