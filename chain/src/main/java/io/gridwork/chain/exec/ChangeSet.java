package io.gridwork.chain.exec;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The state writes of one block in ascending unsigned key order: a value for a put, null for a
 * delete. Storage applies it in one atomic batch; the state root is computed over it.
 */
public final class ChangeSet {
  private final NavigableMap<byte[], byte[]> writes;

  public ChangeSet(Map<byte[], byte[]> writes) {
    TreeMap<byte[], byte[]> sorted = new TreeMap<>(Arrays::compareUnsigned);
    sorted.putAll(writes);
    this.writes = Collections.unmodifiableNavigableMap(sorted);
  }

  /** Each key with its new value, or null when the key is deleted. */
  public NavigableMap<byte[], byte[]> writes() {
    return writes;
  }

  public boolean isEmpty() {
    return writes.isEmpty();
  }

  public int size() {
    return writes.size();
  }
}
