package io.gridwork.protocol.spec;

import java.util.List;
import java.util.SortedMap;

/**
 * A command run directly in the provider's sandbox; {@code ${UNIT}} in any argument is replaced by
 * the unit number of a batch job.
 */
public record ProcessWorkload(List<String> command, SortedMap<String, String> env)
    implements Workload {
  public ProcessWorkload {
    command = List.copyOf(command);
    env = SpecCollections.sortedCopy(env);
  }
}
