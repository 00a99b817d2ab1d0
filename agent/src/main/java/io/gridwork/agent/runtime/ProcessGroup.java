package io.gridwork.agent.runtime;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a runtime's command (bwrap, the docker CLI) through setsid, so that it leads a process
 * group of its own that can be signalled as a whole, with nothing on its standard input.
 */
final class ProcessGroup {
  private ProcessGroup() {}

  /** The started leader, or why it did not start. */
  sealed interface Start {}

  record Started(Process process) implements Start {}

  record NotStarted(String reason) implements Start {}

  /** Starts {@code command}; {@code what} names it for the reason it could not start. */
  static Start start(List<String> command, String what) {
    return start(command, what, null);
  }

  /**
   * Starts {@code command} with exactly {@code environment}, or the agent's own environment when it
   * is null.
   */
  static Start start(List<String> command, String what, Map<String, String> environment) {
    List<String> full = new ArrayList<>(command.size() + 1);
    full.add("setsid");
    full.addAll(command);
    try {
      ProcessBuilder builder =
          new ProcessBuilder(full)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      if (environment != null) {
        builder.environment().clear();
        builder.environment().putAll(environment);
      }
      return new Started(builder.start());
    } catch (IOException e) {
      return new NotStarted(
          "cannot run setsid (util-linux) to give "
              + what
              + " its own process group: "
              + e.getMessage());
    }
  }
}
