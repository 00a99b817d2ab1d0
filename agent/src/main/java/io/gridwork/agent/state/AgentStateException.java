package io.gridwork.agent.state;

/** The agent's state file cannot be read or written; the message says which file and why. */
public final class AgentStateException extends RuntimeException {
  AgentStateException(String message, Throwable cause) {
    super(message, cause);
  }
}
