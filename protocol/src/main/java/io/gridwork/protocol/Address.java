package io.gridwork.protocol;

import io.gridwork.protocol.crypto.Bech32;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.PublicKey;
import java.util.Arrays;

/**
 * An account: the first 20 bytes of SHA-256 of its Ed25519 public key, written as bech32 with the
 * prefix {@code grid} so that a mistyped address is caught by its checksum.
 */
public record Address(byte[] bytes) implements Comparable<Address> {
  public static final int LENGTH = 20;
  public static final String PREFIX = "grid";

  public Address {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("an address has 20 bytes, got " + bytes.length);
    }
    bytes = bytes.clone();
  }

  public static Address of(PublicKey key) {
    return new Address(Arrays.copyOf(Hash.sha256(key.bytes()).bytes(), LENGTH));
  }

  /**
   * Parses {@code grid1...}; throws {@link IllegalArgumentException} with a message saying what is
   * wrong (typo, wrong prefix, wrong length).
   */
  public static Address parse(String text) {
    Bech32.Decoded decoded;
    try {
      decoded = Bech32.decode(text == null ? "" : text.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid address '" + text + "': " + e.getMessage(), e);
    }
    if (!decoded.prefix().equals(PREFIX)) {
      throw new IllegalArgumentException(
          "invalid address '"
              + text
              + "': prefix is '"
              + decoded.prefix()
              + "', Gridwork addresses start with 'grid1'");
    }
    if (decoded.data().length != LENGTH) {
      throw new IllegalArgumentException(
          "invalid address '" + text + "': holds " + decoded.data().length + " bytes, not 20");
    }
    return new Address(decoded.data());
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Address a && Arrays.equals(bytes, a.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(Address other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public String toString() {
    return Bech32.encode(PREFIX, bytes);
  }
}
