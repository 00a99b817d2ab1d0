package io.gridwork.agent.runtime;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts every sandbox from one platform thread that lives as long as the agent. bwrap's {@code
 * --die-with-parent} asks the kernel to kill the sandbox when the <em>thread</em> that started it
 * ends (PR_SET_PDEATHSIG), not the agent process: a sandbox started from a virtual thread, whose
 * carrier threads come and go, or from any short-lived thread, would be killed at random while its
 * unit runs. From this thread it dies only with the agent, which is what the flag is for: nothing
 * of a unit outlives an agent killed with SIGKILL.
 *
 * <p>The sandbox gets an environment of its own ({@link #ENVIRONMENT}), never the agent's: bwrap is
 * process 1 inside the sandbox, and every unit can read its {@code /proc/1/environ}.
 *
 * <p>The thread is owned by this class; callers on any thread wait for their start to be done.
 */
final class SandboxLauncher {
  /** All a sandbox's own processes need: where to find setsid, setpriv and bwrap. */
  static final Map<String, String> ENVIRONMENT =
      Map.of("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");

  private static final ExecutorService THREAD =
      Executors.newSingleThreadExecutor(
          Thread.ofPlatform().daemon().name("sandbox-launcher").factory());

  private SandboxLauncher() {}

  /** Starts {@code command} through {@link ProcessGroup} on the launcher thread. */
  static ProcessGroup.Start start(List<String> command, String what) throws InterruptedException {
    Future<ProcessGroup.Start> started =
        THREAD.submit(() -> ProcessGroup.start(command, what, ENVIRONMENT));
    try {
      return started.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("starting " + what + " failed", e.getCause());
    }
  }
}
