package io.gridwork.protocol.codec;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.PublicKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;

/**
 * Writes the canonical binary form: fixed-width big-endian integers, length-prefixed strings and
 * bytes, maps in ascending key order. One value has exactly one encoding, so signatures and hashes
 * over it are stable.
 */
public final class CanonicalWriter {
  private byte[] buf;
  private int pos;

  public CanonicalWriter() {
    this(128);
  }

  public CanonicalWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  private void ensure(int n) {
    if (pos + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
    }
  }

  public CanonicalWriter u8(int v) {
    if (v < 0 || v > 0xff) {
      throw new IllegalArgumentException("u8 out of range: " + v);
    }
    ensure(1);
    buf[pos++] = (byte) v;
    return this;
  }

  public CanonicalWriter bool(boolean v) {
    return u8(v ? 1 : 0);
  }

  public CanonicalWriter u16(int v) {
    if (v < 0 || v > 0xffff) {
      throw new IllegalArgumentException("u16 out of range: " + v);
    }
    ensure(2);
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
    return this;
  }

  public CanonicalWriter i32(int v) {
    ensure(4);
    buf[pos++] = (byte) (v >>> 24);
    buf[pos++] = (byte) (v >>> 16);
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
    return this;
  }

  public CanonicalWriter i64(long v) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buf[pos++] = (byte) (v >>> shift);
    }
    return this;
  }

  /** Raw bytes with no length prefix, for fields of fixed size. */
  public CanonicalWriter fixed(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, pos, bytes.length);
    pos += bytes.length;
    return this;
  }

  /** Bytes with a 4-byte length prefix. */
  public CanonicalWriter bytes(byte[] bytes) {
    i32(bytes.length);
    return fixed(bytes);
  }

  /** UTF-8 with a 2-byte length prefix; strings longer than 65,535 bytes are refused. */
  public CanonicalWriter string(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    u16(utf8.length);
    return fixed(utf8);
  }

  public CanonicalWriter address(Address a) {
    return fixed(a.bytes());
  }

  public CanonicalWriter publicKey(PublicKey k) {
    return fixed(k.bytes());
  }

  public CanonicalWriter hash(Hash h) {
    return fixed(h.bytes());
  }

  /** A string map in ascending key order; the reader rejects any other order. */
  public CanonicalWriter stringMap(SortedMap<String, String> map) {
    u16(map.size());
    for (Map.Entry<String, String> e : map.entrySet()) {
      string(e.getKey());
      string(e.getValue());
    }
    return this;
  }

  public int size() {
    return pos;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, pos);
  }
}
