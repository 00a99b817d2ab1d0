package io.gridwork.protocol.spec;

import java.util.List;
import java.util.SortedMap;

/**
 * Which providers may bid: regions (empty = any), provider tier (null = any), attributes the
 * provider must have registered with exactly these values, and whether providers that only simulate
 * GPUs (devnets) are acceptable.
 */
public record Placement(
    List<String> regions,
    SlaTier tier,
    SortedMap<String, String> attributes,
    boolean allowSimulated) {
  public Placement {
    regions = List.copyOf(regions);
    attributes = SpecCollections.sortedCopy(attributes);
  }
}
