package io.gridwork.protocol.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.protocol.crypto.Hash;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JobSpecValidatorTest {

  private static TreeMap<String, String> map(String key, String value) {
    TreeMap<String, String> map = new TreeMap<>();
    map.put(key, value);
    return map;
  }

  private static Arguments rule(
      String rule, JobSpec base, UnaryOperator<Specs.Edit> change, String path, String message) {
    return Arguments.of(rule, change.apply(Specs.edit(base)).build(), path, message);
  }

  static Stream<Arguments> rules() {
    JobSpec batch = Specs.batch();
    JobSpec service = Specs.service();
    Hash h = Hash.sha256(new byte[] {1});
    return Stream.of(
        rule("upper-case name", batch, e -> e.name("Render"), "name", "lower-case letters"),
        rule("empty name", batch, e -> e.name(""), "name", "got ''"),
        rule("name too long", batch, e -> e.name("a".repeat(64)), "name", "1 to 63"),
        rule("zero units", batch, e -> e.units(0), "units", "must be at least 1, got 0"),
        rule(
            "too many units",
            batch,
            e -> e.units(100_001).pricing(new Pricing(50_000, 0, 10_000_000_000L)),
            "units",
            "must be at most 100000, got 100001"),
        rule(
            "batch without unit price",
            batch,
            e -> e.pricing(new Pricing(0, 0, 1_000)),
            "pricing.maxPricePerUnit",
            "batch jobs need a maximum price per unit above 0"),
        rule(
            "batch with hourly price",
            batch,
            e -> e.pricing(new Pricing(50_000, 7, 1_200_000)),
            "pricing.maxPricePerGpuHour",
            "applies to services only"),
        rule(
            "service without hourly price",
            service,
            e -> e.pricing(new Pricing(0, 0, 1_000)),
            "pricing.maxPricePerGpuHour",
            "services need a maximum price per GPU-hour above 0"),
        rule(
            "service with unit price",
            service,
            e -> e.pricing(new Pricing(5, 1_200_000, 30_000_000)),
            "pricing.maxPricePerUnit",
            "applies to batch jobs only"),
        rule(
            "zero deposit",
            batch,
            e -> e.pricing(new Pricing(50_000, 0, 0)),
            "pricing.deposit",
            "must be above 0"),
        rule(
            "deposit below units times price",
            batch,
            e -> e.pricing(new Pricing(50_000, 0, 1_000_000)),
            "pricing.deposit",
            "must be at least 1.2GRID (units × maxPricePerUnit = 24 × 0.05GRID), got 1GRID"),
        rule(
            "deposit below an hour of service",
            service,
            e -> e.pricing(new Pricing(0, 1_200_000, 2_000_000)),
            "pricing.deposit",
            "must be at least 2.4GRID (one hour of 2 GPU(s) at 1.2GRID), got 2GRID"),
        rule(
            "overflowing unit cost",
            batch,
            e -> e.pricing(new Pricing(Long.MAX_VALUE / 2, 0, Long.MAX_VALUE - 1)),
            "pricing.deposit",
            "more than can be held"),
        rule(
            "negative gpu count",
            batch,
            e -> e.gpu(new GpuRequest(-1, List.of(), 0)),
            "resources.gpu.count",
            "must be at least 0, got -1"),
        rule(
            "too many gpus",
            batch,
            e -> e.gpu(new GpuRequest(65, List.of(), 0)),
            "resources.gpu.count",
            "must be at most 64, got 65"),
        rule(
            "models without gpus",
            batch,
            e -> e.gpu(new GpuRequest(0, List.of("a100"), 0)),
            "resources.gpu",
            "only make sense with a count of at least 1"),
        rule(
            "duplicate model",
            batch,
            e -> e.gpu(new GpuRequest(1, List.of("a100", "a100"), 0)),
            "resources.gpu.models[1]",
            "'a100' is listed twice"),
        rule(
            "no cpu",
            batch,
            e -> e.resources(new Resources(GpuRequest.NONE, 0, 1_024, 0)),
            "resources.cpu",
            "must be at least 1, got 0"),
        rule(
            "no memory",
            batch,
            e -> e.resources(new Resources(GpuRequest.NONE, 1_000, 0, 0)),
            "resources.memory",
            "must be at least 1, got 0"),
        rule(
            "empty process command",
            batch,
            e -> e.workload(new ProcessWorkload(List.of(), new TreeMap<>())),
            "workload.process.command",
            "must name the program to run"),
        rule(
            "blank program",
            batch,
            e -> e.workload(new ProcessWorkload(List.of(" "), new TreeMap<>())),
            "workload.process.command[0]",
            "must not be empty"),
        rule(
            "empty image",
            service,
            e -> e.workload(new ContainerWorkload("", List.of(), List.of(), new TreeMap<>())),
            "workload.container.image",
            "must name an image"),
        rule(
            "image with spaces",
            service,
            e -> e.workload(new ContainerWorkload("a b", List.of(), List.of(), new TreeMap<>())),
            "workload.container.image",
            "must not contain spaces"),
        rule(
            "env name with a dash",
            batch,
            e -> e.workload(new ProcessWorkload(List.of("run"), map("MY-VAR", "1"))),
            "workload.process.env.MY-VAR",
            "is not a variable name"),
        rule(
            "env name starting with a digit",
            service,
            e -> e.workload(new ContainerWorkload("img", List.of(), List.of(), map("1ST", "x"))),
            "workload.container.env.1ST",
            "is not a variable name"),
        rule(
            "absolute output",
            batch,
            e -> e.outputs(List.of("/etc/passwd")),
            "outputs[0]",
            "must be relative"),
        rule(
            "output escaping the job directory",
            batch,
            e -> e.outputs(List.of("frames/../../x")),
            "outputs[0]",
            "must not contain '..'"),
        rule("empty output", batch, e -> e.outputs(List.of("")), "outputs[0]", "must not be empty"),
        rule(
            "duplicate output",
            batch,
            e -> e.outputs(List.of("a.png", "a.png")),
            "outputs[1]",
            "listed twice"),
        rule(
            "input escaping the job directory",
            batch,
            e -> e.inputs(List.of(new InputRef("../x", h, 1))),
            "inputs[0].name",
            "must not contain '..'"),
        rule(
            "negative input size",
            batch,
            e -> e.inputs(List.of(new InputRef("x", h, -1))),
            "inputs[0].size",
            "must be at least 0, got -1"),
        rule(
            "zero unit timeout",
            batch,
            e -> e.limits(new Limits(0, 1)),
            "limits.unitTimeoutSeconds",
            "must be at least 1, got 0"),
        rule(
            "unit timeout over a week",
            batch,
            e -> e.limits(new Limits(604_801, 1)),
            "limits.unitTimeoutSeconds",
            "must be at most 604800"),
        rule(
            "zero output allowance",
            batch,
            e -> e.limits(new Limits(60, 0)),
            "limits.maxOutputBytesPerUnit",
            "must be at least 1, got 0"),
        rule(
            "batch exposing a port",
            batch,
            e -> e.expose(List.of(new ExposedPort(80, true))),
            "expose",
            "only services expose ports"),
        rule(
            "port zero",
            service,
            e -> e.expose(List.of(new ExposedPort(0, true))),
            "expose[0].port",
            "must be at least 1, got 0"),
        rule(
            "duplicate port",
            service,
            e -> e.expose(List.of(new ExposedPort(80, true), new ExposedPort(80, false))),
            "expose[1].port",
            "listed twice"),
        rule(
            "bad region",
            service,
            e -> e.placement(new Placement(List.of("EU West"), null, new TreeMap<>(), false)),
            "placement.regions[0]",
            "is not a region name"),
        rule(
            "bad attribute key",
            service,
            e -> e.placement(new Placement(List.of(), null, map("Has Space", "x"), false)),
            "placement.attributes.Has Space",
            "is not an attribute key"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void eachRuleNamesThePathAndSaysWhatIsWrong(
      String rule, JobSpec spec, String path, String message) {
    List<SpecError> errors = JobSpecValidator.validate(spec);

    assertThat(errors)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.path()).isEqualTo(path);
              assertThat(e.message()).contains(message);
            });
  }

  @Test
  void theStartingSpecsAreValid() {
    assertThat(JobSpecValidator.validate(Specs.batch())).isEmpty();
    assertThat(JobSpecValidator.validate(Specs.service())).isEmpty();
  }

  @Test
  void cpuOnlyJobsNeedNoGpu() {
    JobSpec spec = Specs.edit(Specs.batch()).gpu(GpuRequest.NONE).build();

    assertThat(JobSpecValidator.validate(spec)).isEmpty();
  }

  @Test
  void everyErrorIsReportedNotJustTheFirst() {
    JobSpec spec =
        Specs.edit(Specs.batch())
            .name("Bad Name")
            .units(0)
            .gpu(new GpuRequest(65, List.of(), 0))
            .outputs(List.of("/abs"))
            .build();

    assertThat(JobSpecValidator.validate(spec))
        .extracting(SpecError::path)
        .contains("name", "units", "resources.gpu.count", "outputs[0]");
  }

  @Test
  void aSpecTooLargeToEncodeIsRejected() {
    List<String> args = Collections.nCopies(200, "x".repeat(200));
    JobSpec spec =
        Specs.edit(Specs.batch()).workload(new ProcessWorkload(args, new TreeMap<>())).build();

    assertThat(JobSpecValidator.validate(spec))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("bytes when encoded, at most 32768"));
  }
}
