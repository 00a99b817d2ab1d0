package io.gridwork.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gridwork.agent.sample.RenderOptions;
import io.gridwork.agent.sample.SampleRenderer;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The devnet through its command line: a real node, agents and bubblewrap-sandboxed units. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DevnetCommandTest {
  private static final String RENDER_JOB = Path.of("..", "examples", "render.yaml").toString();

  @TempDir static Path shared;
  static Path placeholderJar;

  private final Cli cli = new Cli();

  @BeforeAll
  static void requireTheSandbox() throws IOException {
    assumeTrue(onPath("bwrap"), "bwrap is not installed: the devnet cannot run units");
    // Runs that stop before any unit starts still need a jar to hand the agents.
    placeholderJar = Files.writeString(shared.resolve("placeholder.jar"), "");
  }

  private Cli.Result devnet(String... args) {
    String[] common = {
      "devnet",
      "--port",
      "0",
      "--block-interval-ms",
      "100",
      "--spec",
      RENDER_JOB,
      "--gridwork-jar",
      placeholderJar.toString()
    };
    return cli.run(
        Stream.concat(Arrays.stream(common), Arrays.stream(args)).toArray(String[]::new));
  }

  @Test
  void theBuiltInRenderJobRunsEndToEndAndItsFramesMatchALocalRender(@TempDir Path dir)
      throws IOException {
    Path jar = RunnableJar.build(dir.resolve("gridwork.jar"));
    Path frames = dir.resolve("frames");

    Cli.Result result =
        cli.run(
            "devnet",
            "--exit-when-done",
            "--port",
            "0",
            "--block-interval-ms",
            "250",
            "--frames",
            "6",
            "--out",
            frames.toString(),
            "--gridwork-jar",
            jar.toString());

    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    assertThat(result.out())
        .contains("bid   ")
        .contains("lease ")
        .contains("Job done in")
        .contains("Network fee")
        .contains("per GPU-hour equivalent")
        .contains("VERIFICATION FEE")
        .contains("Verification: ")
        .contains("from the verification pool")
        .contains("Challenge window: each frame's payment was held 5 blocks")
        .contains("verified: 6/6 frames identical to a local render");
    for (int frame = 0; frame < 6; frame++) {
      assertThat(Files.readAllBytes(frames.resolve("frame-" + frame + ".png")))
          .isEqualTo(SampleRenderer.renderPng(frame, RenderOptions.DEFAULT));
    }
  }

  @Test
  void exitAfterThreeBlocksExitsZeroAfterStartingTheProviders() {
    Cli.Result result = devnet("--exit-after", "3");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains(DevnetAccounts.address("alice").toString())
        .contains("eu-4090")
        .contains("rtx3090")
        .contains("Reached --exit-after 3");
  }

  @Test
  void theTemporaryDataDirectoryIsDeletedOnExit() {
    Cli.Result result = devnet("--exit-after", "1");

    Matcher dir = Pattern.compile("data in (\\S+) \\(deleted on exit\\)").matcher(result.out());
    assertThat(dir.find()).isTrue();
    assertThat(Path.of(dir.group(1))).doesNotExist();
  }

  @Test
  void aKeptDataDirectoryIsResumedOnTheNextRun(@TempDir Path dataDir) {
    assertThat(devnet("--exit-after", "1", "--data-dir", dataDir.toString()).exitCode()).isZero();

    Cli.Result second = devnet("--exit-after", "1", "--data-dir", dataDir.toString());

    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.out()).contains("(resumed)");
  }

  @Test
  void aDataDirectoryOfAnotherChainIsRefusedBeforeAnythingStarts(@TempDir Path home) {
    assertThat(cli.run("node", "init", "--home", home.toString(), "--chain-id", "other").exitCode())
        .isZero();

    Cli.Result result = devnet("--exit-after", "1", "--data-dir", home.toString());

    assertThat(result.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(result.err()).contains("holds chain 'other', not a devnet");
    assertThat(home.resolve("db")).doesNotExist();
  }

  @Test
  void aPortInUseIsNamedWithTheFlagToChangeIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      Cli.Result result =
          cli.run(
              "devnet",
              "--exit-after",
              "1",
              "--port",
              Integer.toString(port),
              "--spec",
              RENDER_JOB,
              "--gridwork-jar",
              placeholderJar.toString());

      assertThat(result.exitCode()).isEqualTo(ExitCode.FAILED);
      assertThat(result.err()).contains("port " + port).contains("--port");
    }
  }

  @Test
  void aMissingJobFileIsRefusedBeforeAnythingStarts() {
    Cli.Result result =
        cli.run("devnet", "--exit-after", "1", "--port", "0", "--spec", "no-such-job.yaml");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("no-such-job.yaml");
  }

  private static boolean onPath(String program) {
    return List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }
}
