package io.gridwork.protocol.codec;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.PublicKey;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads what {@link CanonicalWriter} writes and nothing else: every bound is checked, and
 * non-canonical input (bad UTF-8, unsorted or duplicate map keys, booleans other than 0/1) is
 * rejected with a {@link MalformedDataException} naming the field.
 */
public final class CanonicalReader {
  private final byte[] buf;
  private final int end;
  private int pos;

  public CanonicalReader(byte[] buf) {
    this(buf, 0, buf.length);
  }

  public CanonicalReader(byte[] buf, int offset, int length) {
    this.buf = buf;
    this.pos = offset;
    this.end = offset + length;
  }

  public int position() {
    return pos;
  }

  public int remaining() {
    return end - pos;
  }

  private void need(int n, String field) {
    if (n < 0 || end - pos < n) {
      throw new MalformedDataException("truncated input reading " + field);
    }
  }

  public int u8(String field) {
    need(1, field);
    return buf[pos++] & 0xff;
  }

  public boolean bool(String field) {
    int v = u8(field);
    if (v > 1) {
      throw new MalformedDataException(field + " must be 0 or 1, got " + v);
    }
    return v == 1;
  }

  public int u16(String field) {
    need(2, field);
    int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
    pos += 2;
    return v;
  }

  public int i32(String field) {
    need(4, field);
    int v =
        ((buf[pos] & 0xff) << 24)
            | ((buf[pos + 1] & 0xff) << 16)
            | ((buf[pos + 2] & 0xff) << 8)
            | (buf[pos + 3] & 0xff);
    pos += 4;
    return v;
  }

  public long i64(String field) {
    need(8, field);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos++] & 0xff);
    }
    return v;
  }

  /** An i64 that must be zero or positive, as amounts, heights and nonces are. */
  public long nonNegative(String field) {
    long v = i64(field);
    if (v < 0) {
      throw new MalformedDataException(field + " must not be negative, got " + v);
    }
    return v;
  }

  public byte[] fixed(int length, String field) {
    need(length, field);
    byte[] out = new byte[length];
    System.arraycopy(buf, pos, out, 0, length);
    pos += length;
    return out;
  }

  /** Length-prefixed bytes of at most {@code maxLength}. */
  public byte[] bytes(int maxLength, String field) {
    int len = i32(field + " length");
    if (len < 0 || len > maxLength) {
      throw new MalformedDataException(field + " is " + len + " bytes, at most " + maxLength);
    }
    return fixed(len, field);
  }

  /** A length-prefixed UTF-8 string of at most {@code maxBytes} bytes. */
  public String string(int maxBytes, String field) {
    int len = u16(field + " length");
    if (len > maxBytes) {
      throw new MalformedDataException(field + " is " + len + " bytes long, at most " + maxBytes);
    }
    need(len, field);
    if (isAscii(buf, pos, len)) {
      // Chain ids, codes and addresses are ASCII, which is valid UTF-8 read byte for byte: no
      // decoder needs to be set up for them.
      String s = new String(buf, pos, len, StandardCharsets.US_ASCII);
      pos += len;
      return s;
    }
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(buf, pos, len))
              .toString();
      pos += len;
      return s;
    } catch (CharacterCodingException e) {
      throw new MalformedDataException(field + " is not valid UTF-8");
    }
  }

  private static boolean isAscii(byte[] bytes, int from, int len) {
    for (int i = from; i < from + len; i++) {
      if (bytes[i] < 0) {
        return false;
      }
    }
    return true;
  }

  public Address address(String field) {
    return new Address(fixed(Address.LENGTH, field));
  }

  public PublicKey publicKey(String field) {
    return new PublicKey(fixed(PublicKey.LENGTH, field));
  }

  public Hash hash(String field) {
    return new Hash(fixed(Hash.LENGTH, field));
  }

  /** A string map whose keys must be strictly ascending (which also rules out duplicates). */
  public SortedMap<String, String> stringMap(
      int maxEntries, int maxKeyBytes, int maxValueBytes, String field) {
    int n = u16(field + " count");
    if (n > maxEntries) {
      throw new MalformedDataException(field + " has " + n + " entries, at most " + maxEntries);
    }
    TreeMap<String, String> map = new TreeMap<>();
    String previous = null;
    for (int i = 0; i < n; i++) {
      String key = string(maxKeyBytes, field + " key");
      if (previous != null && previous.compareTo(key) >= 0) {
        throw new MalformedDataException(field + " keys must be unique and in ascending order");
      }
      map.put(key, string(maxValueBytes, field + " value"));
      previous = key;
    }
    return Collections.unmodifiableSortedMap(map);
  }

  /** Fails unless every byte has been consumed. */
  public void expectEnd(String what) {
    if (pos != end) {
      throw new MalformedDataException(what + " has " + (end - pos) + " unexpected trailing bytes");
    }
  }
}
