package io.gridwork.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code gridwork} command: the root of every user-facing subcommand. The process environment
 * is passed in rather than read globally so that tests can drive commands in-process.
 */
@Command(
    name = "gridwork",
    mixinStandardHelpOptions = true,
    // Every subcommand answers --help (and --version) too.
    scope = ScopeType.INHERIT,
    versionProvider = GridworkCli.Version.class,
    description = "Gridwork: a decentralized GPU compute network.",
    subcommands = {
      KeyCommand.class,
      NodeCommand.class,
      TxCommand.class,
      ProviderCommand.class,
      AgentCommand.class,
      QueryCommand.class,
      JobCommand.class,
      DevnetCommand.class,
      BenchCommand.class,
      SampleCommand.class,
      CompletionCommand.class
    })
public final class GridworkCli extends CommandGroup {
  private final Map<String, String> environment;

  public GridworkCli() {
    this(System.getenv());
  }

  public GridworkCli(Map<String, String> environment) {
    this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
  }

  /** The value of environment variable {@code name}, or null. */
  String environment(String name) {
    return environment.get(name);
  }

  /**
   * The command line with the settings {@link #main} uses. A usage error prints the problem and
   * where to find help, not the whole help text, so the message itself stays visible.
   */
  public static CommandLine commandLine(GridworkCli cli) {
    return new CommandLine(cli)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(GridworkCli::usageError);
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println("error: " + e.getMessage());
    if (!UnmatchedArgumentException.printSuggestions(e, err)) {
      err.println("See '" + command.getCommandSpec().qualifiedName() + " --help' for the options.");
    }
    err.flush();
    return ExitCode.USAGE;
  }

  public static void main(String[] args) {
    System.exit(commandLine(new GridworkCli()).execute(args));
  }

  /** The version written into the jar's manifest by the build. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = GridworkCli.class.getPackage().getImplementationVersion();
      return new String[] {"gridwork " + (version == null ? "(development build)" : version)};
    }
  }
}
