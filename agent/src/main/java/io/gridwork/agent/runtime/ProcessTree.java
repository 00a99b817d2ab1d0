package io.gridwork.agent.runtime;

/** Kills a child process together with everything it started, so no grandchild outlives a limit. */
final class ProcessTree {
  private ProcessTree() {}

  /**
   * Descendants go first: once the root dies its children are re-parented and can no longer be
   * found from it.
   */
  static void killForcibly(ProcessHandle root) {
    root.descendants().forEach(ProcessHandle::destroyForcibly);
    root.destroyForcibly();
  }
}
