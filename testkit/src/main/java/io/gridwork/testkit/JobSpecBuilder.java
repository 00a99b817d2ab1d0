package io.gridwork.testkit;

import io.gridwork.protocol.spec.ExposedPort;
import io.gridwork.protocol.spec.GpuRequest;
import io.gridwork.protocol.spec.InputRef;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.spec.Limits;
import io.gridwork.protocol.spec.Placement;
import io.gridwork.protocol.spec.Pricing;
import io.gridwork.protocol.spec.ProcessWorkload;
import io.gridwork.protocol.spec.Resources;
import io.gridwork.protocol.spec.SlaTier;
import io.gridwork.protocol.spec.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds valid job specs for tests, starting from a one-GPU process job, so a test states only the
 * fields it is about. Not thread-safe: one per spec.
 */
public final class JobSpecBuilder {
  private final Integer units;
  private String name = "test-job";
  private int gpuCount = 1;
  private List<String> models = List.of();
  private int minVramMib;
  private final List<String> regions = new ArrayList<>();
  private SlaTier tier;
  private final SortedMap<String, String> attributes = new TreeMap<>();
  private boolean allowSimulated;
  private long maxPrice;
  private long deposit;
  private SlaTier sla = SlaTier.BEST_EFFORT;
  private boolean deterministic = true;
  private Workload workload = new ProcessWorkload(List.of("python3", "run.py"), new TreeMap<>());
  private long cpuMillis = 1_000;
  private long memoryMib = 1_024;
  private long diskMib;
  private List<InputRef> inputs = List.of();
  private List<String> outputs = List.of();
  private Limits limits = Limits.DEFAULT;
  private boolean network;
  private final List<ExposedPort> expose = new ArrayList<>();

  private JobSpecBuilder(Integer units, long maxPrice, long deposit) {
    this.units = units;
    this.maxPrice = maxPrice;
    this.deposit = deposit;
  }

  /** A batch job of {@code units} units at most {@code maxPricePerUnit} each. */
  public static JobSpecBuilder batch(int units, long maxPricePerUnit, long deposit) {
    return new JobSpecBuilder(units, maxPricePerUnit, deposit);
  }

  /** A service at most {@code maxPricePerGpuHour} per GPU-hour. */
  public static JobSpecBuilder service(long maxPricePerGpuHour, long deposit) {
    return new JobSpecBuilder(null, maxPricePerGpuHour, deposit);
  }

  public JobSpecBuilder name(String name) {
    this.name = name;
    return this;
  }

  /** Asks for {@code count} GPUs per run, of one of {@code models} (none listed = any). */
  public JobSpecBuilder gpus(int count, String... models) {
    this.gpuCount = count;
    this.models = List.of(models);
    return this;
  }

  public JobSpecBuilder minVramMib(int minVramMib) {
    this.minVramMib = minVramMib;
    return this;
  }

  public JobSpecBuilder region(String region) {
    regions.add(region);
    return this;
  }

  public JobSpecBuilder tier(SlaTier tier) {
    this.tier = tier;
    return this;
  }

  public JobSpecBuilder attribute(String key, String value) {
    attributes.put(key, value);
    return this;
  }

  public JobSpecBuilder allowSimulated() {
    this.allowSimulated = true;
    return this;
  }

  /** The uptime the job is promised, and so the compensation its leases owe when they fail it. */
  public JobSpecBuilder sla(SlaTier sla) {
    this.sla = sla;
    return this;
  }

  public JobSpecBuilder maxPrice(long maxPrice) {
    this.maxPrice = maxPrice;
    return this;
  }

  /**
   * Says the job's units may give different outputs on different machines (a batch job is
   * deterministic by default); the ledger then pays units at once and never audits them.
   */
  public JobSpecBuilder nondeterministic() {
    this.deterministic = false;
    return this;
  }

  public JobSpecBuilder deposit(long deposit) {
    this.deposit = deposit;
    return this;
  }

  /** What runs: a command in the sandbox (the default runs {@code python3 run.py}) or an image. */
  public JobSpecBuilder workload(Workload workload) {
    this.workload = workload;
    return this;
  }

  /** A process workload running {@code command}, with no environment of its own. */
  public JobSpecBuilder command(List<String> command) {
    return workload(new ProcessWorkload(command, new TreeMap<>()));
  }

  public JobSpecBuilder cpuMillis(long cpuMillis) {
    this.cpuMillis = cpuMillis;
    return this;
  }

  public JobSpecBuilder memoryMib(long memoryMib) {
    this.memoryMib = memoryMib;
    return this;
  }

  public JobSpecBuilder diskMib(long diskMib) {
    this.diskMib = diskMib;
    return this;
  }

  public JobSpecBuilder inputs(InputRef... inputs) {
    this.inputs = List.of(inputs);
    return this;
  }

  public JobSpecBuilder outputs(String... outputs) {
    this.outputs = List.of(outputs);
    return this;
  }

  public JobSpecBuilder limits(Limits limits) {
    this.limits = limits;
    return this;
  }

  /** Lets the job reach the network (and listen on the provider's). */
  public JobSpecBuilder network() {
    this.network = true;
    return this;
  }

  /** Exposes TCP {@code port}, reachable from the internet when {@code global}. */
  public JobSpecBuilder expose(int port, boolean global) {
    expose.add(new ExposedPort(port, global));
    return this;
  }

  public JobSpec build() {
    boolean batch = units != null;
    return new JobSpec(
        name,
        units,
        workload,
        new Resources(new GpuRequest(gpuCount, models, minVramMib), cpuMillis, memoryMib, diskMib),
        new Placement(regions, tier, attributes, allowSimulated),
        new Pricing(batch ? maxPrice : 0, batch ? 0 : maxPrice, deposit),
        inputs,
        outputs,
        limits,
        network,
        expose,
        batch && deterministic,
        sla);
  }
}
