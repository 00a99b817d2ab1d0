package io.gridwork.chain.exec;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Something that happened during execution, for the event stream: a type such as {@code transfer}
 * and string attributes in a stable order.
 */
public record Event(String type, SortedMap<String, String> attributes) {
  public Event {
    Objects.requireNonNull(type, "type");
    attributes = Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
  }

  /** An event from alternating attribute names and values. */
  public static Event of(String type, String... keyValues) {
    if (keyValues.length % 2 != 0) {
      throw new IllegalArgumentException("attributes come in name/value pairs");
    }
    TreeMap<String, String> attrs = new TreeMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      attrs.put(keyValues[i], keyValues[i + 1]);
    }
    return new Event(type, attrs);
  }
}
