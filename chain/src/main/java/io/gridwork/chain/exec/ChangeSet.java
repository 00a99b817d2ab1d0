package io.gridwork.chain.exec;

import io.gridwork.chain.state.State;
import io.gridwork.protocol.codec.CanonicalWriter;
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
  private static final int DELETE = 0;
  private static final int PUT = 1;

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

  /** Applies every put and delete to {@code state} in key order. */
  public void applyTo(State state) {
    for (Map.Entry<byte[], byte[]> e : writes.entrySet()) {
      if (e.getValue() == null) {
        state.delete(e.getKey());
      } else {
        state.put(e.getKey(), e.getValue());
      }
    }
  }

  /**
   * The canonical bytes the state root commits to: the entry count, then per entry in key order the
   * length-prefixed key, a put (1) or delete (0) tag, and for a put the length-prefixed value.
   */
  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter(64 * writes.size() + 4);
    w.i32(writes.size());
    for (Map.Entry<byte[], byte[]> e : writes.entrySet()) {
      w.bytes(e.getKey());
      if (e.getValue() == null) {
        w.u8(DELETE);
      } else {
        w.u8(PUT).bytes(e.getValue());
      }
    }
    return w.toByteArray();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChangeSet other && Arrays.equals(encode(), other.encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encode());
  }

  @Override
  public String toString() {
    return "ChangeSet[" + writes.size() + " writes]";
  }
}
