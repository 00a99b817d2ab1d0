package io.gridwork.node.storage;

import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Committed state entries kept in memory in front of the database. Admission reads the sender's
 * account for every transaction and execution reads sender and recipient again; a database read
 * costs microseconds of skip-list walking, a map lookup a fraction of that.
 *
 * <p>Every cached value is a committed one. The single writer brackets each commit with {@link
 * #beginCommit} and {@link #endCommit}, which writes the block's values through; a reader that
 * missed remembers what it read from the database only if no commit began since it started reading
 * ({@code epoch} is odd while one is being written), so a value read before a commit can never
 * outlive it. When full, the cache is emptied rather than picking what to evict: correctness never
 * depends on what it holds.
 *
 * <p>Thread safety: lookups are lock-free and check the epoch around their read, as a sequence lock
 * does; remembering and commits hold {@code this}.
 */
final class StateCache {
  /** Marks a key the state does not hold; compared by identity. */
  private static final byte[] ABSENT = new byte[0];

  private final int capacity;
  private final Map<Key, byte[]> entries = new ConcurrentHashMap<>();
  private volatile long epoch;

  StateCache(int capacity) {
    this.capacity = capacity;
  }

  /** A cached value, found or not. */
  sealed interface Lookup {}

  /** The cache holds the key's committed value, or knows the key is absent ({@code value} null). */
  record Hit(byte[] value) implements Lookup {}

  /** The cache does not know; read the database, then {@link #remember} what it said. */
  record Miss(long epoch) implements Lookup {}

  /**
   * While a commit is being written the database is ahead of the cache, so nothing is served from
   * memory: a reader that scanned the database's new index entries must find the records they name.
   * An entry is served only when no commit began before or while it was looked up.
   */
  Lookup lookup(byte[] key) {
    long before = epoch;
    if ((before & 1) != 0) {
      return new Miss(before);
    }
    byte[] v = entries.get(new Key(key));
    if (v == null || epoch != before) {
      return new Miss(before);
    }
    return new Hit(v == ABSENT ? null : v.clone());
  }

  /** Keeps what the database said for {@code key} (null: absent) after {@code miss}. */
  synchronized void remember(byte[] key, byte[] value, Miss miss) {
    if (epoch != miss.epoch() || (epoch & 1) != 0) {
      return;
    }
    makeRoom(1);
    entries.putIfAbsent(new Key(key.clone()), value == null ? ABSENT : value.clone());
  }

  synchronized void beginCommit() {
    epoch++;
  }

  /** Writes a committed block's state changes through; null values are deletes. */
  synchronized void endCommit(NavigableMap<byte[], byte[]> writes) {
    makeRoom(writes.size());
    for (Map.Entry<byte[], byte[]> e : writes.entrySet()) {
      byte[] v = e.getValue();
      entries.put(new Key(e.getKey().clone()), v == null ? ABSENT : v.clone());
    }
    epoch++;
  }

  /** A commit that failed leaves the database as it was; forget everything to be safe. */
  synchronized void abortCommit() {
    entries.clear();
    epoch++;
  }

  private void makeRoom(int n) {
    if (entries.size() + n > capacity) {
      entries.clear();
    }
  }

  /** A state key with content equality, for hashing. */
  private static final class Key {
    private final byte[] bytes;
    private final int hash;

    Key(byte[] bytes) {
      this.bytes = bytes;
      this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && hash == k.hash && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
