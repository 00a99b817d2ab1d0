package io.gridwork.agent.runtime;

import java.time.Duration;

/** How a short helper command ended; each case carries what a user needs to understand it. */
public sealed interface CommandResult {

  /** The command ran to its end; output beyond the runner's cap was dropped. */
  record Exited(int exitCode, String stdout, String stderr) implements CommandResult {}

  /** The command outlived its time limit and was killed with all its children. */
  record TimedOut(Duration limit) implements CommandResult {}

  /** The command could not be started, usually because the program does not exist. */
  record NotStarted(String program, String reason) implements CommandResult {}
}
