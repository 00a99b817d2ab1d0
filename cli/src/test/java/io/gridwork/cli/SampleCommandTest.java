package io.gridwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.agent.sample.RenderOptions;
import io.gridwork.agent.sample.SampleRenderer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleCommandTest {
  private final Cli cli = new Cli();

  @Test
  void renderWritesTheSameBytesAsTheLibrary(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("frame-3.png");

    Cli.Result result =
        cli.run(
            "sample",
            "render",
            "--frame",
            "3",
            "--out",
            out.toString(),
            "--width",
            "32",
            "--height",
            "18",
            "--samples",
            "2");

    assertThat(result.exitCode()).as(result.err()).isZero();
    RenderOptions options = new RenderOptions(32, 18, 2, RenderOptions.DEFAULT.maxBounces());
    assertThat(Files.readAllBytes(out)).isEqualTo(SampleRenderer.renderPng(3, options));
  }

  @Test
  void aNegativeFrameIsAUsageError(@TempDir Path dir) {
    Cli.Result result =
        cli.run("sample", "render", "--frame", "-1", "--out", dir.resolve("f.png").toString());

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("--frame starts at 0");
  }

  @Test
  void servingOnAPortOutOfRangeIsAUsageError() {
    Cli.Result result = cli.run("sample", "serve", "--port", "70000");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("--port must be 1 to 65535");
  }
}
