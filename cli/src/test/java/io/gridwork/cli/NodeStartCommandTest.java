package io.gridwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ways {@code gridwork node start} fails to listen, each with the setting to change. */
class NodeStartCommandTest {
  @TempDir Path home;

  private final Cli cli = new Cli();

  @BeforeEach
  void init() {
    assertThat(cli.run("node", "init", "--home", home.toString()).exitCode()).isZero();
  }

  @Test
  void aTakenPortIsNamedWithTheFlagToChangeIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Cli.Result result =
          cli.run(
              "node",
              "start",
              "--home",
              home.toString(),
              "--port",
              Integer.toString(taken.getLocalPort()));

      assertThat(result.exitCode()).isEqualTo(ExitCode.FAILED);
      assertThat(result.err()).contains("already in use").contains("--port");
    }
  }

  @Test
  void anApiHostThatIsNotThisMachineIsNamedAsSuch() throws Exception {
    Path config = home.resolve("config.yaml");
    // 192.0.2.0/24 is reserved for documentation, so no machine has this address.
    Files.writeString(
        config, Files.readString(config).replace("apiHost: 127.0.0.1", "apiHost: 192.0.2.1"));

    Cli.Result result = cli.run("node", "start", "--home", home.toString(), "--port", "0");

    assertThat(result.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(result.err())
        .contains("192.0.2.1")
        .contains("apiHost")
        .doesNotContain("already in use");
  }

  @Test
  void anApiHostThatDoesNotResolveIsNamedAsSuch() throws Exception {
    Path config = home.resolve("config.yaml");
    Files.writeString(
        config,
        Files.readString(config).replace("apiHost: 127.0.0.1", "apiHost: no-such-host.invalid"));

    Cli.Result result = cli.run("node", "start", "--home", home.toString(), "--port", "0");

    assertThat(result.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(result.err()).contains("no-such-host.invalid").contains("apiHost");
  }
}
