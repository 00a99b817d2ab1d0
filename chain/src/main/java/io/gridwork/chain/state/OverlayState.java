package io.gridwork.chain.state;

import java.util.Arrays;
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
  // "with which value": the block overlay holds thousands of keys, and every lookup walks a tree.
  private static final byte[] DELETED = new byte[0];
  private static final byte[] ABSENT = new byte[0];

  // A DELETED value records a delete.
  private final NavigableMap<byte[], byte[]> writes = new TreeMap<>(Arrays::compareUnsigned);

  // Values read from the base, never handed out uncopied; ABSENT records a key the base lacks.
  private final NavigableMap<byte[], byte[]> baseReads = new TreeMap<>(Arrays::compareUnsigned);

  public OverlayState(ReadableState base) {
    this.base = base;
  }

  @Override
  public byte[] get(byte[] key) {
    byte[] written = writes.get(key);
    if (written != null) {
      return written == DELETED ? null : written.clone();
    }
    byte[] value = baseValue(key);
    return value == null ? null : value.clone();
  }

  /** The base's value of {@code key}, or null; not a copy. */
  private byte[] baseValue(byte[] key) {
    byte[] known = baseReads.get(key);
    if (known != null) {
      return known == ABSENT ? null : known;
    }
    byte[] value = base.get(key);
    baseReads.put(key.clone(), value == null ? ABSENT : value);
    return value;
  }

  @Override
  public void put(byte[] key, byte[] value) {
    writes.put(key.clone(), value.clone());
  }

  @Override
  public void delete(byte[] key) {
    writes.put(key.clone(), DELETED);
  }

  @Override
  public void scan(byte[] prefix, EntryVisitor visitor) {
    MergeCursor cursor = new MergeCursor(prefix, visitor);
    base.scan(prefix, cursor::visitBase);
    cursor.drainBuffer();
  }

  /** Writes every buffered put and delete into {@code target}, in key order. */
  public void applyTo(State target) {
    for (Map.Entry<byte[], byte[]> e : writes.entrySet()) {
      if (e.getValue() == DELETED) {
        target.delete(e.getKey());
      } else {
        target.put(e.getKey(), e.getValue());
      }
    }
  }

  /**
   * The buffered writes that actually change the base: a put of the value already there and a
   * delete of an absent key are left out. Keys ascend in unsigned order; null marks a delete.
   */
  public NavigableMap<byte[], byte[]> effectiveWrites() {
    NavigableMap<byte[], byte[]> effective = new TreeMap<>(Arrays::compareUnsigned);
    for (Map.Entry<byte[], byte[]> e : writes.entrySet()) {
      byte[] before = baseValue(e.getKey());
      byte[] after = e.getValue() == DELETED ? null : e.getValue();
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
    private final Iterator<Map.Entry<byte[], byte[]>> buffered;
    private Map.Entry<byte[], byte[]> next;
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
        Map.Entry<byte[], byte[]> candidate = buffered.next();
        if (Keys.hasPrefix(candidate.getKey(), prefix)) {
          next = candidate;
        }
      }
    }

    private boolean emitBuffered() {
      Map.Entry<byte[], byte[]> e = next;
      advance();
      if (e.getValue() != DELETED && !visitor.visit(e.getKey().clone(), e.getValue().clone())) {
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
}
