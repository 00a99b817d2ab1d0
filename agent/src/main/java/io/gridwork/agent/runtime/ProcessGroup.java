package io.gridwork.agent.runtime;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

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
    List<String> full = new ArrayList<>(command.size() + 1);
    full.add("setsid");
    full.addAll(command);
    try {
      return new Started(
          new ProcessBuilder(full)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start());
    } catch (IOException e) {
      return new NotStarted(
          "cannot run setsid (util-linux) to give "
              + what
              + " its own process group: "
              + e.getMessage());
    }
  }
}
