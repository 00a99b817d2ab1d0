package io.gridwork.agent.runtime;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * A sandboxed service with a network of its own: stopping it also ends its forwarder, so its
 * published ports are free once {@link #stop} returns. Safe to call from any thread.
 */
final class NetworkedService implements ServiceInstance {
  private final ServiceInstance service;
  private final SandboxNetwork network;

  NetworkedService(ServiceInstance service, SandboxNetwork network) {
    this.service = service;
    this.network = network;
  }

  @Override
  public OptionalInt exitCode() {
    return service.exitCode();
  }

  @Override
  public String stdoutTail() {
    return service.stdoutTail();
  }

  @Override
  public String stderrTail() {
    return service.stderrTail();
  }

  @Override
  public void stop(Duration grace) throws InterruptedException {
    try {
      service.stop(grace);
    } finally {
      network.close();
    }
  }
}
