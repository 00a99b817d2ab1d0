package io.gridwork.protocol.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every published SDL file in the reference set either imports or is refused with a reason that
 * names the SDL feature; a new file in the set fails this test until its outcome is written down.
 */
class AkashSdlReferenceTest {

  /** The refused feature, or null when the file imports into that many jobs. */
  private record Expected(int jobs, String refusedFeature) {}

  private static Expected imports(int jobs) {
    return new Expected(jobs, null);
  }

  private static Expected refused(String feature) {
    return new Expected(0, feature);
  }

  private static final Map<String, Expected> OUTCOMES =
      Map.ofEntries(
          Map.entry("adminer.yaml", imports(1)),
          Map.entry("chatglm-6b.yaml", imports(1)),
          Map.entry("deepseek-r1-0528.yaml", imports(1)),
          Map.entry("deepseek-r1.yaml", imports(1)),
          Map.entry("elizaos-ai_agents.yaml", imports(1)),
          Map.entry("gminer-c11.yaml", imports(1)),
          Map.entry("insanely-fast-whisper-ai-cli-api.yaml", imports(1)),
          Map.entry("llama-3-1-405b-awq-int4.yaml", imports(1)),
          Map.entry("llama-3-1-405b-bf16.yaml", refused("services.rayhead.expose[1].to.service")),
          Map.entry("memorygame.yaml", imports(1)),
          Map.entry("n8n.yaml", imports(1)),
          Map.entry("qwen3-5-9b.yaml", imports(1)),
          Map.entry("ray.yaml", refused("services.ray-head.expose[0].to.service")));

  private static Path directory() throws URISyntaxException {
    return Path.of(AkashSdlReferenceTest.class.getResource("/akash-sdl").toURI());
  }

  static Stream<String> files() throws IOException, URISyntaxException {
    try (Stream<Path> paths = Files.list(directory())) {
      return paths
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml"))
          .sorted()
          .toList()
          .stream();
    }
  }

  private static SdlImport translate(String file) throws IOException, URISyntaxException {
    return AkashSdl.translate(Files.readString(directory().resolve(file)));
  }

  @Test
  void everyReferenceFileHasAnExpectedOutcome() throws IOException, URISyntaxException {
    assertThat(files().toList()).containsExactlyInAnyOrderElementsOf(OUTCOMES.keySet());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void eachReferenceFileImportsOrIsRefusedNamingTheFeature(String file)
      throws IOException, URISyntaxException {
    Expected expected = OUTCOMES.get(file);

    SdlImport result = translate(file);

    assertThat(expected).as("expected outcome for %s", file).isNotNull();
    if (expected.refusedFeature() == null) {
      assertThat(result.refusals()).isEmpty();
      assertThat(result.jobs()).hasSize(expected.jobs());
    } else {
      assertThat(result.jobs()).isEmpty();
      assertThat(result.refusals())
          .extracting(SdlRefusal::feature)
          .containsExactly(expected.refusedFeature());
      assertThat(result.refusals().getFirst().reason()).contains("do not network with each other");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void everyImportedJobIsAValidServiceThatSurvivesTheYamlRoundTrip(String file)
      throws IOException, URISyntaxException {
    List<JobSpec> jobs = translate(file).jobs();

    for (JobSpec job : jobs) {
      assertThat(job.isBatch()).isFalse();
      assertThat(job.workload()).isInstanceOf(ContainerWorkload.class);
      assertThat(JobSpecYaml.parse(JobSpecYaml.write(job))).isEqualTo(new SpecResult.Valid(job));
    }
  }

  @Test
  void eightGpuModelsWithRamBecomeAcceptableModelsAndAMemoryMinimum() throws Exception {
    JobSpec job = translate("llama-3-1-405b-awq-int4.yaml").jobs().getFirst();

    assertThat(job.resources().gpu()).isEqualTo(new GpuRequest(8, List.of("h100", "a100"), 81_920));
    assertThat(job.resources().cpuMillis()).isEqualTo(16_000);
    assertThat(job.resources().memoryMib()).isEqualTo(131_072);
    assertThat(job.resources().diskMib()).isEqualTo((100 + 1_000 + 10) * 1_024L);
    assertThat(job.pricing().maxPricePerGpuHour()).isEqualTo(75_000_000);
  }

  @Test
  void persistentVolumesAreSummedIntoDiskAndNoted() throws Exception {
    SdlImport result = translate("deepseek-r1.yaml");

    assertThat(result.jobs().getFirst().resources().diskMib()).isEqualTo(1_032 * 1_024L);
    assertThat(result.notes())
        .anySatisfy(
            n ->
                assertThat(n)
                    .startsWith("profiles.compute.sglang1.resources.storage[1]")
                    .contains("persistent volume 'data'"));
  }

  @Test
  void decimalGigabytesAreConvertedToMebibytes() throws Exception {
    JobSpec job = translate("elizaos-ai_agents.yaml").jobs().getFirst();

    assertThat(job.resources().memoryMib()).isEqualTo(14_306);
    assertThat(job.resources().gpu()).isEqualTo(GpuRequest.NONE);
    assertThat(job.expose())
        .containsExactly(
            new ExposedPort(80, true), new ExposedPort(3000, true), new ExposedPort(5371, true));
  }

  @Test
  void signedByIsNotedAndHostAkashIsDropped() throws Exception {
    SdlImport result = translate("adminer.yaml");

    assertThat(result.jobs().getFirst().placement().attributes()).isEmpty();
    assertThat(result.notes())
        .anySatisfy(n -> assertThat(n).startsWith("profiles.placement.akash.signedBy:"))
        .anySatisfy(n -> assertThat(n).startsWith("profiles.placement.akash.attributes.host:"));
  }

  @Test
  void anIbcDenominationIsConvertedAtTheFixedRateAndNoted() throws Exception {
    SdlImport result = translate("n8n.yaml");

    assertThat(result.jobs().getFirst().pricing())
        .isEqualTo(new Pricing(0, 60_000_000, 1_440_000_000));
    assertThat(result.notes())
        .anySatisfy(n -> assertThat(n).contains("1 base unit of ibc/170C").contains("24 hours"));
  }

  @Test
  void anEmptyNvidiaListAcceptsAnyModel() throws Exception {
    JobSpec job = translate("gminer-c11.yaml").jobs().getFirst();

    assertThat(job.resources().gpu()).isEqualTo(new GpuRequest(1, List.of(), 0));
    assertThat(job.resources().cpuMillis()).isEqualTo(500);
  }
}
