package io.gridwork.cli;

/** The exit codes scripts can rely on. */
final class ExitCode {
  /** The command did what was asked. */
  static final int OK = 0;

  /** The command ran but failed or the ledger rejected the transaction. */
  static final int FAILED = 1;

  /** The command line itself was wrong: a bad flag, address or amount. */
  static final int USAGE = 2;

  private ExitCode() {}
}
