package io.gridwork.cli;

import io.gridwork.client.GridworkClientException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A leaf command: prints through the command line's writers (so tests and scripts can capture them)
 * and turns a {@link CommandFailure} into {@code error: ...} on stderr and its exit code.
 */
abstract class GridworkCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public final Integer call() throws Exception {
    try {
      return execute();
    } catch (CommandFailure failure) {
      err().println("error: " + failure.getMessage());
      err().flush();
      return failure.exitCode();
    } catch (GridworkClientException e) {
      err().println("error: " + e.getMessage());
      err().flush();
      return ExitCode.FAILED;
    }
  }

  /** Does the work and returns the exit code; throws {@link CommandFailure} to stop with one. */
  abstract int execute() throws Exception;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  GridworkCli cli() {
    return (GridworkCli) spec.root().userObject();
  }
}
