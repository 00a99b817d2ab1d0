package io.gridwork.protocol.spec;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/** Immutable sorted copies, so that spec records compare and encode the same however built. */
final class SpecCollections {
  private SpecCollections() {}

  static SortedMap<String, String> sortedCopy(SortedMap<String, String> map) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(map));
  }
}
