package io.gridwork.protocol.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** A 32-byte SHA-256 digest: transaction ids, block hashes and state roots. */
public record Hash(byte[] bytes) implements Comparable<Hash> {
  public static final int LENGTH = 32;
  public static final Hash ZERO = new Hash(new byte[LENGTH]);

  public Hash {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a hash has 32 bytes, got " + bytes.length);
    }
    bytes = bytes.clone();
  }

  // Looking a digest up by name costs more than hashing a transaction; each thread keeps one. A
  // digest resets itself when it completes, and nothing runs between update and digest here.
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Hash::digest);

  /** SHA-256 of {@code data}. */
  public static Hash sha256(byte[] data) {
    return new Hash(SHA256.get().digest(data));
  }

  /** SHA-256 of the concatenation of {@code parts}. */
  public static Hash sha256(byte[]... parts) {
    MessageDigest md = SHA256.get();
    for (byte[] part : parts) {
      md.update(part);
    }
    return new Hash(md.digest());
  }

  /** A fresh SHA-256 digest; the JDK's is several times faster than BouncyCastle's. */
  public static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }

  /** Parses 64 hex characters; throws {@link IllegalArgumentException} naming the problem. */
  public static Hash fromHex(String hex) {
    if (hex == null || hex.length() != 2 * LENGTH) {
      throw new IllegalArgumentException("a hash is 64 hex characters");
    }
    try {
      return new Hash(HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a hash is 64 hex characters: " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  public String toHex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hash h && Arrays.equals(bytes, h.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(Hash other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
