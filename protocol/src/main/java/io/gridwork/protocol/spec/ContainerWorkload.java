package io.gridwork.protocol.spec;

import java.util.List;
import java.util.SortedMap;

/**
 * A container image run by the provider's container engine. An empty {@code command} keeps the
 * image's entrypoint, as {@code docker run} does.
 */
public record ContainerWorkload(
    String image, List<String> command, List<String> args, SortedMap<String, String> env)
    implements Workload {
  public ContainerWorkload {
    command = List.copyOf(command);
    args = List.copyOf(args);
    env = SpecCollections.sortedCopy(env);
  }
}
