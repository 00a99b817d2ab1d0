package io.gridwork.agent.runtime;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts every sandbox from platform threads that live as long as the agent. bwrap's {@code
 * --die-with-parent} asks the kernel to kill the sandbox when the <em>thread</em> that started it
 * ends (PR_SET_PDEATHSIG), not the agent process: a sandbox started from a virtual thread, whose
 * carrier threads come and go, or from any short-lived thread, would be killed at random while its
 * unit runs. From these threads it dies only with the agent, which is what the flag is for: nothing
 * of a unit outlives an agent killed with SIGKILL.
 *
 * <p>The sandbox gets an environment of its own ({@link #ENVIRONMENT}), never the agent's: bwrap is
 * process 1 inside the sandbox, and every unit can read its {@code /proc/1/environ}.
 *
 * <p>The threads are owned by this class; callers on any thread wait for their start to be done.
 */
final class SandboxLauncher {
  /** All a sandbox's own processes need: where to find setsid, setpriv and bwrap. */
  static final Map<String, String> ENVIRONMENT =
      Map.of("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");

  /**
   * Starting a process from a large JVM on a busy host takes 10-30 ms, and a provider starts dozens
   * of sandboxes a second: one thread would queue them. A fixed pool's threads never time out, and
   * a start that fails ends in its future, not its thread.
   */
  private static final int THREADS = 8;

  private static final ExecutorService THREADS_POOL =
      Executors.newFixedThreadPool(
          THREADS, Thread.ofPlatform().daemon().name("sandbox-launcher-", 0).factory());

  private SandboxLauncher() {}

  /** Starts {@code command} through {@link ProcessGroup} on the launcher thread. */
  static ProcessGroup.Start start(List<String> command, String what) throws InterruptedException {
    Future<ProcessGroup.Start> started =
        THREADS_POOL.submit(() -> ProcessGroup.start(command, what, ENVIRONMENT));
    try {
      return started.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("starting " + what + " failed", e.getCause());
    }
  }
}
