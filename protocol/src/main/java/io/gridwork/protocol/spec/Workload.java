package io.gridwork.protocol.spec;

import java.util.SortedMap;

/** What a provider runs for a job: a sandboxed process or a container image. */
public sealed interface Workload permits ProcessWorkload, ContainerWorkload {

  /** Environment variables set for every run, in ascending name order. */
  SortedMap<String, String> env();
}
