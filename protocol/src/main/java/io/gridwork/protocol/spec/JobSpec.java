package io.gridwork.protocol.spec;

import java.util.List;

/**
 * Everything a buyer says about a job: what to run, on what, where, for how much and what comes
 * out. {@code units} is the number of batch units, or null for a long-running service. The record
 * holds any values; {@link JobSpecValidator} says whether they make a job.
 */
public record JobSpec(
    String name,
    Integer units,
    Workload workload,
    Resources resources,
    Placement placement,
    Pricing pricing,
    List<InputRef> inputs,
    List<String> outputs,
    Limits limits,
    boolean network,
    List<ExposedPort> expose,
    boolean deterministic,
    SlaTier sla) {
  public JobSpec {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    expose = List.copyOf(expose);
  }

  /** True for a batch job, false for a service. */
  public boolean isBatch() {
    return units != null;
  }
}
