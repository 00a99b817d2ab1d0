package io.gridwork.protocol.spec;

import java.util.List;
import java.util.TreeMap;

/** Small valid specs for tests to start from and change one thing. */
final class Specs {
  private Specs() {}

  static JobSpec batch() {
    return new JobSpec(
        "render",
        24,
        new ProcessWorkload(List.of("render", "--frame", "${UNIT}"), new TreeMap<>()),
        new Resources(new GpuRequest(1, List.of(), 0), 1_000, 1_024, 1_024),
        new Placement(List.of(), null, new TreeMap<>(), true),
        new Pricing(50_000, 0, 1_200_000),
        List.of(),
        List.of("frame-${UNIT}.png"),
        Limits.DEFAULT,
        false,
        List.of(),
        true,
        SlaTier.BEST_EFFORT);
  }

  static JobSpec service() {
    return new JobSpec(
        "llm",
        null,
        new ContainerWorkload("vllm/vllm-openai:v0.6.2", List.of(), List.of(), new TreeMap<>()),
        new Resources(new GpuRequest(2, List.of("a100"), 40_960), 4_000, 32_768, 51_200),
        new Placement(List.of("eu-west"), SlaTier.PREMIUM, new TreeMap<>(), false),
        new Pricing(0, 1_200_000, 30_000_000),
        List.of(),
        List.of(),
        Limits.DEFAULT,
        true,
        List.of(new ExposedPort(8000, true)),
        false,
        SlaTier.PREMIUM);
  }

  static Edit edit(JobSpec spec) {
    return new Edit(spec);
  }

  /** Changes one field of a spec, keeping the others. */
  static final class Edit {
    private String name;
    private Integer units;
    private Workload workload;
    private Resources resources;
    private Placement placement;
    private Pricing pricing;
    private List<InputRef> inputs;
    private List<String> outputs;
    private Limits limits;
    private boolean network;
    private List<ExposedPort> expose;
    private boolean deterministic;
    private SlaTier sla;

    private Edit(JobSpec s) {
      name = s.name();
      units = s.units();
      workload = s.workload();
      resources = s.resources();
      placement = s.placement();
      pricing = s.pricing();
      inputs = s.inputs();
      outputs = s.outputs();
      limits = s.limits();
      network = s.network();
      expose = s.expose();
      deterministic = s.deterministic();
      sla = s.sla();
    }

    Edit name(String v) {
      name = v;
      return this;
    }

    Edit units(Integer v) {
      units = v;
      return this;
    }

    Edit workload(Workload v) {
      workload = v;
      return this;
    }

    Edit resources(Resources v) {
      resources = v;
      return this;
    }

    Edit gpu(GpuRequest v) {
      resources =
          new Resources(v, resources.cpuMillis(), resources.memoryMib(), resources.diskMib());
      return this;
    }

    Edit placement(Placement v) {
      placement = v;
      return this;
    }

    Edit pricing(Pricing v) {
      pricing = v;
      return this;
    }

    Edit inputs(List<InputRef> v) {
      inputs = v;
      return this;
    }

    Edit outputs(List<String> v) {
      outputs = v;
      return this;
    }

    Edit limits(Limits v) {
      limits = v;
      return this;
    }

    Edit expose(List<ExposedPort> v) {
      expose = v;
      return this;
    }

    JobSpec build() {
      return new JobSpec(
          name,
          units,
          workload,
          resources,
          placement,
          pricing,
          inputs,
          outputs,
          limits,
          network,
          expose,
          deterministic,
          sla);
    }
  }
}
