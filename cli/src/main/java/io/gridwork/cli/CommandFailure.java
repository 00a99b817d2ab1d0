package io.gridwork.cli;

/**
 * Ends a command with a message the user can act on and an exit code; {@link GridworkCommand}
 * prints it instead of a stack trace. Used for expected failures of the command line itself (a
 * missing key file, a rejected transaction, an unreachable node), never for bugs.
 */
final class CommandFailure extends RuntimeException {
  private final int exitCode;

  CommandFailure(String message) {
    this(ExitCode.FAILED, message);
  }

  CommandFailure(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
