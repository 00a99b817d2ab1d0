package io.gridwork.agent.runtime;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * One started instance of a long-running service, however it runs (a sandboxed process now; a
 * container can implement the same): what the agent's supervisor needs to judge it alive, read its
 * last words and stop it. Implementations are safe to call from any thread.
 */
public interface ServiceInstance {

  /** Empty while the instance runs; its exit status once it has ended (128 + n for signal n). */
  OptionalInt exitCode();

  /** The last lines the instance wrote to stdout, at most a few kilobytes. */
  String stdoutTail();

  /** The last lines the instance wrote to stderr, at most a few kilobytes. */
  String stderrTail();

  /**
   * Asks the instance to end, waits up to {@code grace} for it, then kills whatever is left of it;
   * returns once nothing of it runs. Calling it again, or on an ended instance, does no harm.
   */
  void stop(Duration grace) throws InterruptedException;
}
