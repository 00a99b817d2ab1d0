package io.gridwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevnetCommandTest {
  private final Cli cli = new Cli();

  @Test
  void exitAfterThreeBlocksExitsZeroAfterPrintingBlocksAndTheDemo() {
    Cli.Result result =
        cli.run("devnet", "--exit-after", "3", "--port", "0", "--block-interval-ms", "100");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("block 1 ")
        .contains("block 3 ")
        .contains(DevnetCommand.address("alice").toString())
        .contains("Provider gpu-host:")
        .contains("rtx4090")
        .contains("gridwork query account");
  }

  @Test
  void theTemporaryDataDirectoryIsDeletedOnExit() {
    Cli.Result result =
        cli.run("devnet", "--exit-after", "1", "--port", "0", "--block-interval-ms", "100");

    Matcher dir = Pattern.compile("data in (\\S+) \\(deleted on exit\\)").matcher(result.out());
    assertThat(dir.find()).isTrue();
    assertThat(Path.of(dir.group(1))).doesNotExist();
  }

  @Test
  void aKeptDataDirectoryIsResumedOnTheNextRun(@TempDir Path dataDir) {
    String[] args = {
      "devnet",
      "--exit-after",
      "1",
      "--port",
      "0",
      "--block-interval-ms",
      "100",
      "--data-dir",
      dataDir.toString()
    };
    assertThat(cli.run(args).exitCode()).isZero();

    Cli.Result second = cli.run(args);

    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.out()).contains("(resumed)").doesNotContain("block 1 ");
  }

  @Test
  void aDataDirectoryOfAnotherChainIsRefusedBeforeAnythingStarts(@TempDir Path home) {
    assertThat(cli.run("node", "init", "--home", home.toString(), "--chain-id", "other").exitCode())
        .isZero();

    Cli.Result result =
        cli.run("devnet", "--exit-after", "1", "--port", "0", "--data-dir", home.toString());

    assertThat(result.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(result.err()).contains("holds chain 'other', not a devnet");
    assertThat(home.resolve("db")).doesNotExist();
  }

  @Test
  void aPortInUseIsNamedWithTheFlagToChangeIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      Cli.Result result = cli.run("devnet", "--exit-after", "1", "--port", Integer.toString(port));

      assertThat(result.exitCode()).isEqualTo(ExitCode.FAILED);
      assertThat(result.err()).contains("port " + port).contains("--port");
    }
  }
}
