package io.gridwork.chain.state;

import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Ledger state held in memory, ordered by unsigned key bytes exactly as RocksDB orders them, so the
 * genesis builder, tests and simulations iterate state the way a validator does.
 *
 * <p>Keys and values are copied on the way in and out, so callers cannot alter stored bytes. A scan
 * visitor must not write to the state it scans. Not thread-safe: one owner at a time.
 */
public final class MemoryState implements State {
  private final NavigableMap<byte[], byte[]> entries = new TreeMap<>(Arrays::compareUnsigned);

  @Override
  public byte[] get(byte[] key) {
    byte[] value = entries.get(key);
    return value == null ? null : value.clone();
  }

  @Override
  public void scan(byte[] prefix, EntryVisitor visitor) {
    for (Map.Entry<byte[], byte[]> e : entries.tailMap(prefix, true).entrySet()) {
      if (!Keys.hasPrefix(e.getKey(), prefix)
          || !visitor.visit(e.getKey().clone(), e.getValue().clone())) {
        return;
      }
    }
  }

  @Override
  public void put(byte[] key, byte[] value) {
    entries.put(key.clone(), value.clone());
  }

  @Override
  public void delete(byte[] key) {
    entries.remove(key);
  }

  /** The number of entries, for tests and diagnostics. */
  public int size() {
    return entries.size();
  }
}
