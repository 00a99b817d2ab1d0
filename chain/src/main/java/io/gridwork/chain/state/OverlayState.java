package io.gridwork.chain.state;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Buffers writes over a read-only base so that a block, and each transaction inside it, can be
 * applied completely or dropped without a trace: reads see the buffered writes, scans merge base
 * and buffer in key order, and nothing reaches the base until {@link #applyTo} is called.
 *
 * <p>The executor stacks two of these: one per block over the committed state (its buffer becomes
 * the block's change set) and one per transaction body over the block overlay (applied on success,
 * discarded on failure). The base must not change while an overlay is in use: values read from it
 * are remembered, so that reading a key again, and telling effective writes from no-ops, costs no
 * second read of the base (a database read, under the block overlay). Not thread-safe.
 */
public final class OverlayState implements State {
  private final ReadableState base;

  // Markers compared by identity, so that one map lookup answers both "is the key here" and
  // "with which value".
  private static final byte[] DELETED = new byte[0];
  private static final byte[] ABSENT = new byte[0];

  // Each buffered key has one slot, reachable in key order through the tree (for scans and change
  // sets) and by hash through the index (for point reads and rewrites, which under the block
  // overlay would otherwise walk a tree of thousands of keys several times per transaction).
  private final NavigableMap<byte[], Slot> writes = new TreeMap<>(Arrays::compareUnsigned);
  private final Map<Key, Slot> writeIndex = new HashMap<>();

  // Values read from the base, never handed out uncopied; ABSENT records a key the base lacks.
  private final Map<Key, byte[]> baseReads = new HashMap<>();

  public OverlayState(ReadableState base) {
    this.base = base;
  }

  @Override
  public byte[] get(byte[] key) {
    Key k = new Key(key);
    Slot written = writeIndex.get(k);
    if (written != null) {
      return written.value == DELETED ? null : written.value.clone();
    }
    byte[] value = baseValue(k);
    return value == null ? null : value.clone();
  }

  /** The base's value of {@code key}, or null; not a copy. */
  private byte[] baseValue(Key key) {
    byte[] known = baseReads.get(key);
    if (known != null) {
      return known == ABSENT ? null : known;
    }
    byte[] value = base.get(key.bytes);
    baseReads.put(new Key(key.bytes.clone()), value == null ? ABSENT : value);
    return value;
  }

  @Override
  public void put(byte[] key, byte[] value) {
    buffer(key, value.clone());
  }

  @Override
  public void delete(byte[] key) {
    buffer(key, DELETED);
  }

  /** Buffers {@code value} (already a private copy, or DELETED) for {@code key}. */
  private void buffer(byte[] key, byte[] value) {
    Slot slot = writeIndex.get(new Key(key));
    if (slot != null) {
      slot.value = value;
      return;
    }
    byte[] own = key.clone();
    slot = new Slot(value);
    writes.put(own, slot);
    writeIndex.put(new Key(own), slot);
  }

  @Override
  public void scan(byte[] prefix, EntryVisitor visitor) {
    MergeCursor cursor = new MergeCursor(prefix, visitor);
    base.scan(prefix, cursor::visitBase);
    cursor.drainBuffer();
  }

  /** Writes every buffered put and delete into {@code target}, in key order. */
  public void applyTo(State target) {
    for (Map.Entry<byte[], Slot> e : writes.entrySet()) {
      byte[] value = e.getValue().value;
      if (value == DELETED) {
        target.delete(e.getKey());
      } else {
        target.put(e.getKey(), value);
      }
    }
  }

  /**
   * The buffered writes that actually change the base: a put of the value already there and a
   * delete of an absent key are left out. Keys ascend in unsigned order; null marks a delete.
   */
  public NavigableMap<byte[], byte[]> effectiveWrites() {
    NavigableMap<byte[], byte[]> effective = new TreeMap<>(Arrays::compareUnsigned);
    for (Map.Entry<byte[], Slot> e : writes.entrySet()) {
      byte[] before = baseValue(new Key(e.getKey()));
      byte[] after = e.getValue().value == DELETED ? null : e.getValue().value;
      if (after == null ? before != null : !Arrays.equals(before, after)) {
        effective.put(e.getKey().clone(), after == null ? null : after.clone());
      }
    }
    return effective;
  }

  /**
   * Walks the buffered entries under the prefix alongside the base scan, emitting whichever key is
   * smaller and letting a buffered entry shadow the base entry with the same key.
   */
  private final class MergeCursor {
    private final byte[] prefix;
    private final EntryVisitor visitor;
    private final Iterator<Map.Entry<byte[], Slot>> buffered;
    private Map.Entry<byte[], Slot> next;
    private boolean stopped;

    MergeCursor(byte[] prefix, EntryVisitor visitor) {
      this.prefix = prefix;
      this.visitor = visitor;
      this.buffered = writes.tailMap(prefix, true).entrySet().iterator();
      advance();
    }

    private void advance() {
      next = null;
      if (buffered.hasNext()) {
        Map.Entry<byte[], Slot> candidate = buffered.next();
        if (Keys.hasPrefix(candidate.getKey(), prefix)) {
          next = candidate;
        }
      }
    }

    private boolean emitBuffered() {
      Map.Entry<byte[], Slot> e = next;
      advance();
      byte[] value = e.getValue().value;
      if (value != DELETED && !visitor.visit(e.getKey().clone(), value.clone())) {
        stopped = true;
      }
      return !stopped;
    }

    boolean visitBase(byte[] key, byte[] value) {
      while (next != null && Arrays.compareUnsigned(next.getKey(), key) < 0) {
        if (!emitBuffered()) {
          return false;
        }
      }
      if (next != null && Arrays.equals(next.getKey(), key)) {
        return emitBuffered();
      }
      if (!visitor.visit(key, value)) {
        stopped = true;
      }
      return !stopped;
    }

    void drainBuffer() {
      while (!stopped && next != null) {
        emitBuffered();
      }
    }
  }

  /** The buffered value of one key: a private copy, or DELETED. */
  private static final class Slot {
    private byte[] value;

    Slot(byte[] value) {
      this.value = value;
    }
  }

  /** A key with content equality and its hash computed once, for the hash maps. */
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
