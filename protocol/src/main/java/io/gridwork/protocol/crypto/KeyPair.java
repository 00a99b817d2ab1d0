package io.gridwork.protocol.crypto;

import io.gridwork.protocol.Address;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** An Ed25519 signing key and its public key. The seed never appears in {@link #toString()}. */
public final class KeyPair {
  public static final int SEED_LENGTH = Ed25519.SECRET_KEY_SIZE;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] seed;
  private final PublicKey publicKey;

  private KeyPair(byte[] seed) {
    if (seed.length != SEED_LENGTH) {
      throw new IllegalArgumentException("an Ed25519 seed has 32 bytes, got " + seed.length);
    }
    this.seed = seed.clone();
    byte[] pk = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(this.seed, 0, pk, 0);
    this.publicKey = new PublicKey(pk);
  }

  /** A new key from the system's secure random source. */
  public static KeyPair generate() {
    byte[] seed = new byte[SEED_LENGTH];
    RANDOM.nextBytes(seed);
    return new KeyPair(seed);
  }

  /** The key whose 32-byte secret seed is {@code seed}. */
  public static KeyPair fromSeed(byte[] seed) {
    return new KeyPair(seed);
  }

  /** A deterministic key for tests, devnets and benchmarks; never for real funds. */
  public static KeyPair fromLabel(String label) {
    return new KeyPair(Hash.sha256(("gridwork-test-key:" + label).getBytes()).bytes());
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  public Address address() {
    return publicKey.address();
  }

  /** The 32-byte secret seed; callers must not log or persist it unencrypted. */
  public byte[] seed() {
    return seed.clone();
  }

  public byte[] sign(byte[] message) {
    return sign(message, 0, message.length);
  }

  public byte[] sign(byte[] message, int offset, int length) {
    byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, message, offset, length, sig, 0);
    return sig;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyPair k && Arrays.equals(seed, k.seed);
  }

  @Override
  public int hashCode() {
    return publicKey.hashCode();
  }

  @Override
  public String toString() {
    return "KeyPair[" + address() + "]";
  }
}
