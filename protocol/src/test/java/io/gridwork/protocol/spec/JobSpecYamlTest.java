package io.gridwork.protocol.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class JobSpecYamlTest {
  private static final String RENDER =
      """
      name: render
      units: 24
      workload:
        process:
          command: [render, --frame, "${UNIT}"]
      resources:
        gpu:
          count: 1
      placement:
        allowSimulated: true
      pricing:
        maxPricePerUnit: 0.05GRID
        deposit: 1.2GRID
      outputs: ["frame-${UNIT}.png"]
      """;

  private static JobSpec valid(String yaml) {
    SpecResult result = JobSpecYaml.parse(yaml);
    assertThat(result).isInstanceOf(SpecResult.Valid.class);
    return ((SpecResult.Valid) result).spec();
  }

  private static List<SpecError> errors(String yaml) {
    SpecResult result = JobSpecYaml.parse(yaml);
    assertThat(result).isInstanceOf(SpecResult.Invalid.class);
    return ((SpecResult.Invalid) result).errors();
  }

  @Test
  void aMinimalBatchSpecGetsItsDefaults() {
    JobSpec spec = valid(RENDER);

    assertThat(spec).isEqualTo(Specs.batch());
  }

  @Test
  void aSpecWithoutUnitsIsAService() {
    JobSpec spec =
        valid(
            """
            name: llm
            workload:
              container:
                image: vllm/vllm-openai:v0.6.2
            resources:
              gpu: {count: 2, models: [a100], minVram: 40Gi}
              cpu: 4
              memory: 32Gi
              disk: 50Gi
            placement: {regions: [eu-west], tier: premium}
            pricing: {maxPricePerGpuHour: 1.2GRID, deposit: 30GRID}
            network: true
            expose: [{port: 8000, global: true}]
            sla: premium
            """);

    assertThat(spec).isEqualTo(Specs.service());
  }

  @Test
  void amountsAcceptGridAndMicroGrid() {
    JobSpec spec = valid(RENDER.replace("0.05GRID", "50000ugrid"));

    assertThat(spec.pricing().maxPricePerUnit()).isEqualTo(50_000);
  }

  @Test
  void anAmountWithoutAUnitIsAnError() {
    assertThat(errors(RENDER.replace("0.05GRID", "0.05")))
        .containsExactly(
            new SpecError(
                "pricing.maxPricePerUnit",
                "amount '0.05' has no unit: write e.g. 1.5GRID or 1500000ugrid"));
  }

  @Test
  void cpuIsReadAsCoresOrMillicores() {
    String yaml = RENDER.replace("  gpu:\n", "  cpu: 500m\n  gpu:\n");

    assertThat(valid(yaml).resources().cpuMillis()).isEqualTo(500);
    assertThat(valid(yaml.replace("500m", "0.25")).resources().cpuMillis()).isEqualTo(250);
  }

  @Test
  void memoryIsReadInBinaryAndDecimalUnits() {
    String yaml = RENDER.replace("  gpu:\n", "  memory: 1.5Gi\n  disk: 10G\n  gpu:\n");

    Resources r = valid(yaml).resources();

    assertThat(r.memoryMib()).isEqualTo(1_536);
    assertThat(r.diskMib()).isEqualTo(9_537);
  }

  @Test
  void aSizeWithoutAUnitIsRefusedRatherThanGuessed() {
    String yaml = RENDER.replace("  gpu:\n", "  memory: 8\n  gpu:\n");

    assertThat(errors(yaml))
        .containsExactly(
            new SpecError(
                "resources.memory",
                "must be a size with a unit such as 512Mi, 8Gi or 10G, got '8'"));
  }

  @Test
  void anUnknownKeySuggestsTheClosestKnownOne() {
    String yaml = RENDER.replace("  gpu:\n    count: 1", "  gpus:\n    count: 1");

    assertThat(errors(yaml))
        .containsExactly(
            new SpecError("resources.gpus", "unknown key 'gpus'; did you mean 'gpu'?"));
  }

  @Test
  void anUnknownKeyFarFromAnyKnownOneListsTheKnownKeys() {
    assertThat(errors(RENDER + "colour: blue\n"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.message())
                    .isEqualTo(
                        "unknown key 'colour'; expected one of name, units, workload, resources,"
                            + " placement, pricing, inputs, outputs, limits, network, expose,"
                            + " deterministic, sla"));
  }

  @Test
  void everyErrorInTheDocumentIsReported() {
    String yaml =
        RENDER
            .replace("units: 24", "units: 0")
            .replace("count: 1", "count: 65")
            .replace("deposit: 1.2GRID", "deposti: 1.2GRID")
            .replace("allowSimulated: true", "allowSimulated: maybe");

    assertThat(errors(yaml))
        .extracting(SpecError::toString)
        .containsExactlyInAnyOrder(
            "pricing.deposti: unknown key 'deposti'; did you mean 'deposit'?",
            "units: must be at least 1, got 0",
            "resources.gpu.count: must be at most 64, got 65",
            "placement.allowSimulated: must be true or false, got 'maybe'",
            "pricing.deposit: must be above 0: it is held in escrow to pay providers");
  }

  @Test
  void aMissingWorkloadIsReportedOnce() {
    String yaml =
        RENDER.replace("workload:\n  process:\n    command: [render, --frame, \"${UNIT}\"]\n", "");

    assertThat(errors(yaml))
        .containsExactly(
            new SpecError("workload", "is required: a process (command) or a container (image)"));
  }

  @Test
  void duplicateKeysAreRejected() {
    assertThat(errors(RENDER + "units: 3\n"))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("Duplicate field 'units'"));
  }

  @Test
  void brokenYamlIsAnErrorWithItsLocation() {
    assertThat(errors("name: [unclosed\n"))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).startsWith("not valid YAML").contains("line"));
  }

  @Test
  void brokenYamlIsOneLineNamingTheProblemAndWhereItsConstructStarted() {
    assertThat(errors("name: x\nworkload:\n  process:\n    command: [a, b\n"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.message())
                    .isEqualTo(
                        "not valid YAML at line 5, column 1: expected ',' or ']', but got"
                            + " <stream end> (while parsing a flow sequence that starts at line 4,"
                            + " column 14)"));
  }

  @Test
  void anEmptyDocumentIsAnError() {
    assertThat(errors("  \n")).containsExactly(new SpecError("", "the document is empty"));
  }

  @Test
  void aDocumentThatIsNotAMappingIsAnError() {
    assertThat(errors("- just\n- a list\n"))
        .singleElement()
        .extracting(SpecError::path)
        .isEqualTo("");
  }

  @Test
  void batchJobsAreDeterministicByDefaultAndServicesAreNot() {
    assertThat(valid(RENDER).deterministic()).isTrue();
    assertThat(Specs.service().deterministic()).isFalse();
  }

  @Test
  void writingShowsAmountsAndSizesInTheirReadableForm() {
    String yaml = JobSpecYaml.write(Specs.service());

    assertThat(yaml)
        .contains("maxPricePerGpuHour: 1.2GRID")
        .contains("minVram: 40Gi")
        .contains("memory: 32Gi")
        .doesNotContain("units:");
  }

  @Provide
  Arbitrary<JobSpec> specs() {
    return SpecArbitraries.validSpec();
  }

  @Property(tries = 150)
  void generatedSpecsAreValid(@ForAll("specs") JobSpec spec) {
    assertThat(JobSpecValidator.validate(spec)).isEmpty();
  }

  @Property(tries = 150)
  void parsingWhatWasWrittenGivesTheSpecBack(@ForAll("specs") JobSpec spec) {
    SpecResult result = JobSpecYaml.parse(JobSpecYaml.write(spec));

    assertThat(result).isEqualTo(new SpecResult.Valid(spec));
  }

  @Property(tries = 150)
  void theTreeIsWhatTheWrittenYamlReadsAs(@ForAll("specs") JobSpec spec)
      throws JsonProcessingException {
    ObjectMapper json = new ObjectMapper();
    String readBack =
        json.writeValueAsString(
            new ObjectMapper(new YAMLFactory()).readTree(JobSpecYaml.write(spec)));

    assertThat(json.writeValueAsString(JobSpecYaml.tree(spec))).isEqualTo(readBack);
  }
}
