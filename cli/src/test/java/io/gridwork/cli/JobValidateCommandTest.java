package io.gridwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobValidateCommandTest {
  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final Path SDL =
      Path.of("..", "protocol", "src", "test", "resources", "akash-sdl");

  @Test
  void aValidSpecPrintsTheSpecItBecomes() {
    Cli.Result result =
        new Cli().run("job", "validate", EXAMPLES.resolve("render.yaml").toString());

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("valid Gridwork job spec (render, batch of 24 units, 1 GPU per run)")
        .contains("units: 24");
  }

  @Test
  void aServiceSpecSaysItIsChargedOnlyFromItsFirstHeartbeat() {
    Cli.Result result =
        new Cli().run("job", "validate", EXAMPLES.resolve("llm-endpoint.yaml").toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("Charged per block from a lease's first heartbeat, once its service is up");
  }

  @Test
  void anInvalidSpecListsEveryErrorWithItsPath(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("bad.yaml");
    Files.writeString(
        spec,
        """
        name: Bad_Name
        units: 0
        workload:
          process: {command: [echo, hi]}
        pricing: {maxPricePerUnit: 1GRID, deposti: 2GRID}
        """);

    Cli.Result result = new Cli().run("job", "validate", spec.toString());

    assertThat(result.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(result.out())
        .contains("not a valid job spec")
        .contains("name:")
        .contains("units:")
        .contains("did you mean 'deposit'?");
  }

  @Test
  void brokenYamlIsOneErrorOnOneLineWithoutAnEmptyPath(@TempDir Path dir) throws Exception {
    Path spec = Files.writeString(dir.resolve("broken.yaml"), "name: x\nunits: [1, 2\n");

    Cli.Result result = new Cli().run("job", "validate", spec.toString());

    assertThat(result.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(result.out())
        .isEqualTo(
            spec
                + ": not a valid job spec (1 error)\n"
                + "  not valid YAML at line 3, column 1: expected ',' or ']', but got <stream end>"
                + " (while parsing a flow sequence that starts at line 2, column 8)\n");
  }

  @Test
  void anAkashSdlFileIsTranslated() throws Exception {
    Cli.Result result =
        new Cli()
            .run("job", "validate", SDL.resolve("chatglm-6b.yaml").toString(), "--output", "json");

    assertThat(result.exitCode()).isZero();
    JsonNode json = Json.MAPPER.readTree(result.out());
    assertThat(json.path("format").asText()).isEqualTo("akash-sdl");
    assertThat(json.path("jobs")).hasSize(1);
    assertThat(json.path("jobs").get(0).asText()).contains("rtx3090");
  }

  @Test
  void anSdlFeatureGridworkCannotHonourIsNamed() {
    Cli.Result result = new Cli().run("job", "validate", SDL.resolve("ray.yaml").toString());

    assertThat(result.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(result.out()).contains("refused services.ray-head.expose[0].to.service");
  }

  @Test
  void aMissingFileIsAUsageError(@TempDir Path dir) {
    Cli.Result result = new Cli().run("job", "validate", dir.resolve("nope.yaml").toString());

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("no such file");
  }
}
