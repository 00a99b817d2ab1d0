package io.gridwork.protocol.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The examples users copy from must stay valid as the rules change. */
class ExamplesTest {
  private static final Path EXAMPLES = Path.of("..", "examples");

  static List<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @Test
  void theThreeDocumentedExamplesExist() throws IOException {
    assertThat(examples())
        .extracting(p -> p.getFileName().toString())
        .contains("render.yaml", "lora-finetune.yaml", "llm-endpoint.yaml");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void everyExampleIsAValidSpec(Path example) throws IOException {
    SpecResult result = JobSpecYaml.parse(Files.readString(example));

    assertThat(result).isInstanceOf(SpecResult.Valid.class);
  }

  @Test
  void theRenderExampleRunsTwentyFourFramesOnAnyGpu() throws IOException {
    JobSpec spec =
        ((SpecResult.Valid) JobSpecYaml.parse(Files.readString(EXAMPLES.resolve("render.yaml"))))
            .spec();

    assertThat(spec.units()).isEqualTo(24);
    assertThat(spec.workload())
        .isEqualTo(
            new ProcessWorkload(
                List.of(
                    "gridwork",
                    "sample",
                    "render",
                    "--frame",
                    "${UNIT}",
                    "--out",
                    "frame-${UNIT}.png"),
                new TreeMap<>()));
    assertThat(spec.outputs()).containsExactly("frame-${UNIT}.png");
    assertThat(spec.resources().gpu()).isEqualTo(new GpuRequest(1, List.of(), 0));
    assertThat(spec.placement().allowSimulated()).isTrue();
  }
}
