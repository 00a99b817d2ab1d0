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

  /** Encodes {@code data} (8-bit bytes) under {@code prefix}. */
  public static String encode(String prefix, byte[] data) {
    byte[] values = convertBits(data, 8, 5, true);
    int[] checksum = checksum(prefix, values);
    StringBuilder sb = new StringBuilder(prefix.length() + 1 + values.length + 6);
    sb.append(prefix).append('1');
    for (byte v : values) {
      sb.append(CHARSET.charAt(v));
    }
    for (int c : checksum) {
      sb.append(CHARSET.charAt(c));
    }
    return sb.toString();
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
    return new Decoded(prefix, convertBits(payload, 5, 8, false));
  }

  private static int[] checksum(String prefix, byte[] values) {
    int mod = polymod(expand(prefix), values, new byte[6]) ^ 1;
    int[] out = new int[6];
    for (int i = 0; i < 6; i++) {
      out[i] = (mod >>> (5 * (5 - i))) & 31;
    }
    return out;
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
        int top = chk >>> 25;
        chk = ((chk & 0x1ffffff) << 5) ^ (v & 0xff);
        for (int i = 0; i < 5; i++) {
          if (((top >>> i) & 1) != 0) {
            chk ^= GENERATOR[i];
          }
        }
      }
    }
    return chk;
  }

  private static byte[] convertBits(byte[] data, int from, int to, boolean pad) {
    int acc = 0;
    int bits = 0;
    int maxv = (1 << to) - 1;
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length * from / to + 1);
    for (byte b : data) {
      int value = b & 0xff;
      if ((value >>> from) != 0) {
        throw new IllegalArgumentException("invalid data");
      }
      acc = (acc << from) | value;
      bits += from;
      while (bits >= to) {
        bits -= to;
        out.write((acc >>> bits) & maxv);
      }
    }
    if (pad) {
      if (bits > 0) {
        out.write((acc << (to - bits)) & maxv);
      }
    } else if (bits >= from || ((acc << (to - bits)) & maxv) != 0) {
      throw new IllegalArgumentException("invalid padding in address data");
    }
    return out.toByteArray();
  }
}
