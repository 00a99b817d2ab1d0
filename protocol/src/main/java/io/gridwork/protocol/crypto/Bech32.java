package io.gridwork.protocol.crypto;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * Bech32 (BIP-173) text encoding: a human-readable prefix, a separator and base-32 data with a
 * six-character checksum that catches any typo of up to four characters.
 */
public final class Bech32 {
  private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  private static final int[] GENERATOR = {
    0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3
  };

  private Bech32() {}

  /** The prefix and payload of a decoded string. */
  public record Decoded(String prefix, byte[] data) {}

  /**
   * Encodes {@code data} (8-bit bytes) under {@code prefix}. Every event of a transfer names
   * addresses, so this runs several times per transaction: it regroups the bits and folds them into
   * the checksum in one pass, without intermediate arrays.
   */
  public static String encode(String prefix, byte[] data) {
    int hrp = prefix.length();
    char[] out = new char[hrp + 1 + (data.length * 8 + 4) / 5 + 6];
    int chk = 1;
    for (int i = 0; i < hrp; i++) {
      chk = polymodStep(chk, prefix.charAt(i) >> 5);
    }
    chk = polymodStep(chk, 0);
    for (int i = 0; i < hrp; i++) {
      char c = prefix.charAt(i);
      chk = polymodStep(chk, c & 31);
      out[i] = c;
    }
    int pos = hrp;
    out[pos++] = '1';
    int acc = 0;
    int bits = 0;
    for (byte b : data) {
      acc = (acc << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        bits -= 5;
        int v = (acc >>> bits) & 31;
        chk = polymodStep(chk, v);
        out[pos++] = CHARSET.charAt(v);
      }
    }
    if (bits > 0) {
      int v = (acc << (5 - bits)) & 31;
      chk = polymodStep(chk, v);
      out[pos++] = CHARSET.charAt(v);
    }
    for (int i = 0; i < 6; i++) {
      chk = polymodStep(chk, 0);
    }
    chk ^= 1;
    for (int i = 0; i < 6; i++) {
      out[pos++] = CHARSET.charAt((chk >>> (5 * (5 - i))) & 31);
    }
    return new String(out);
  }

  /**
   * Decodes a bech32 string; throws {@link IllegalArgumentException} with a message a user can act
   * on when it is malformed or its checksum does not match.
   */
  public static Decoded decode(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("empty address");
    }
    if (text.length() > 90) {
      throw new IllegalArgumentException("too long for an address (" + text.length() + " chars)");
    }
    boolean lower = !text.equals(text.toUpperCase(Locale.ROOT));
    boolean upper = !text.equals(text.toLowerCase(Locale.ROOT));
    if (lower && upper) {
      throw new IllegalArgumentException("mixes upper and lower case");
    }
    String s = text.toLowerCase(Locale.ROOT);
    int sep = s.lastIndexOf('1');
    if (sep < 1 || sep + 7 > s.length()) {
      throw new IllegalArgumentException("missing the '1' separator or the checksum");
    }
    String prefix = s.substring(0, sep);
    for (int i = 0; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      if (c < 33 || c > 126) {
        throw new IllegalArgumentException("invalid character in prefix");
      }
    }
    byte[] values = new byte[s.length() - sep - 1];
    for (int i = 0; i < values.length; i++) {
      int v = CHARSET.indexOf(s.charAt(sep + 1 + i));
      if (v < 0) {
        throw new IllegalArgumentException(
            "invalid character '" + s.charAt(sep + 1 + i) + "' at position " + (sep + 2 + i));
      }
      values[i] = (byte) v;
    }
    if (polymod(expand(prefix), values, new byte[0]) != 1) {
      throw new IllegalArgumentException("checksum does not match: check for a typo");
    }
    byte[] payload = new byte[values.length - 6];
    System.arraycopy(values, 0, payload, 0, payload.length);
    return new Decoded(prefix, toBytes(payload));
  }

  private static byte[] expand(String prefix) {
    int n = prefix.length();
    byte[] out = new byte[2 * n + 1];
    for (int i = 0; i < n; i++) {
      out[i] = (byte) (prefix.charAt(i) >> 5);
      out[n + 1 + i] = (byte) (prefix.charAt(i) & 31);
    }
    return out;
  }

  private static int polymod(byte[]... parts) {
    int chk = 1;
    for (byte[] part : parts) {
      for (byte v : part) {
        chk = polymodStep(chk, v & 0xff);
      }
    }
    return chk;
  }

  private static int polymodStep(int chk, int value) {
    int top = chk >>> 25;
    int next = ((chk & 0x1ffffff) << 5) ^ value;
    for (int i = 0; i < 5; i++) {
      if (((top >>> i) & 1) != 0) {
        next ^= GENERATOR[i];
      }
    }
    return next;
  }

  /** Regroups 5-bit values into bytes; left-over bits must be fewer than five and all zero. */
  private static byte[] toBytes(byte[] values) {
    int acc = 0;
    int bits = 0;
    ByteArrayOutputStream out = new ByteArrayOutputStream(values.length * 5 / 8 + 1);
    for (byte v : values) {
      acc = (acc << 5) | v;
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        out.write((acc >>> bits) & 0xff);
      }
    }
    if (bits >= 5 || ((acc << (8 - bits)) & 0xff) != 0) {
      throw new IllegalArgumentException("invalid padding in address data");
    }
    return out.toByteArray();
  }
}
