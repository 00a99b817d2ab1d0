package io.gridwork.agent.daemon;

/** The agent cannot start for a reason its operator can fix; the message says how. */
public final class AgentStartException extends RuntimeException {
  public AgentStartException(String message) {
    super(message);
  }
}
