package io.gridwork.cli;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code --home DIR} flag: where keys (and a node's files) live. */
final class HomeOption {
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--home",
      paramLabel = "DIR",
      description = "Gridwork home directory (default: $GRIDWORK_HOME or ~/.gridwork)")
  Path home;

  Path resolve() {
    if (home != null) {
      return home.toAbsolutePath();
    }
    GridworkCli cli = (GridworkCli) mixee.root().userObject();
    String fromEnv = cli.environment("GRIDWORK_HOME");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv).toAbsolutePath();
    }
    return Path.of(System.getProperty("user.home"), ".gridwork");
  }
}
