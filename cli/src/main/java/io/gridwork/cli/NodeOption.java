package io.gridwork.cli;

import io.gridwork.client.GridworkClient;
import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code --node URL} flag of every command that talks to a node. */
final class NodeOption {
  static final String DEFAULT_URL = "http://127.0.0.1:7700";

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--node",
      paramLabel = "URL",
      description = "node API URL (default: $GRIDWORK_NODE or " + DEFAULT_URL + ")")
  String url;

  String resolve() {
    String chosen = url;
    if (chosen == null) {
      String fromEnv = ((GridworkCli) mixee.root().userObject()).environment("GRIDWORK_NODE");
      chosen = fromEnv == null || fromEnv.isBlank() ? DEFAULT_URL : fromEnv.strip();
    }
    try {
      URI uri = new URI(chosen);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new URISyntaxException(chosen, "expected http://HOST:PORT");
      }
    } catch (URISyntaxException e) {
      throw new CommandFailure(
          ExitCode.USAGE, "invalid node URL '" + chosen + "': write it like " + DEFAULT_URL);
    }
    return chosen;
  }

  GridworkClient client() {
    return new GridworkClient(resolve());
  }
}
