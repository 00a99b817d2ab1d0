package io.gridwork.agent.runtime;

/** What starting a service instance gave: a running instance, or why none could start. */
public sealed interface ServiceStart {

  /** The instance runs; the caller owns it and must stop it. */
  record Started(ServiceInstance instance) implements ServiceStart {}

  /** Nothing runs: the sandbox could not be set up on this host. */
  record NotStarted(String reason) implements ServiceStart {}
}
