package io.gridwork.agent.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Kills a child process together with everything it started, so no grandchild outlives a limit. */
final class ProcessTree {
  private ProcessTree() {}

  /**
   * Descendants go first: once the root dies its children are re-parented and can no longer be
   * found from it. A child forked between the listing and the kill escapes, which is why sandboxes
   * use {@link #killGroup} instead.
   */
  static void killForcibly(ProcessHandle root) {
    root.descendants().forEach(ProcessHandle::destroyForcibly);
    root.destroyForcibly();
  }

  /**
   * Kills the process group led by {@code leader}, which must have been started through {@code
   * setsid} so that its pid is also the group id. The kernel delivers a group signal atomically
   * with respect to fork, so unlike {@link #killForcibly} this cannot miss a process being born; it
   * matters for bwrap, whose half-started child would otherwise wait forever for its killed parent
   * while holding the output pipes. The group id cannot be reused while any member lives.
   */
  static void killGroup(Process leader) {
    signalGroup(leader, "KILL");
    killForcibly(leader.toHandle());
  }

  /**
   * Asks every process the sandbox led by {@code leader} runs to end (SIGTERM), bubblewrap's own
   * processes excepted: bwrap does not pass a signal on, and one it dies of would take the sandbox
   * down with SIGKILL before the program could clean up. The sandbox ends when its program does.
   */
  static void terminateSandboxed(Process leader) {
    leader
        .descendants()
        .filter(p -> p.info().command().map(c -> !c.endsWith("/bwrap")).orElse(true))
        .forEach(ProcessHandle::destroy);
  }

  private static void signalGroup(Process leader, String signal) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, "--", "-" + leader.pid())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      kill.waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run kill to stop process group " + leader.pid(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
