package io.gridwork.protocol.crypto;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.codec.CanonicalWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * A signing key at rest: its Ed25519 seed sealed with AES-256-GCM under a key stretched from a
 * passphrase by scrypt, in a small JSON document that also carries the name, address and public key
 * in the clear so keys can be listed without unlocking them.
 *
 * <p>The version, name and address are the cipher's associated data, so a file whose label was
 * edited, or whose ciphertext was moved into another file, fails to open instead of presenting a
 * key under a false name. Scrypt parameters are read from the file, and are therefore bounded
 * before use: a hostile file must not be able to make us allocate gigabytes or spin for minutes.
 */
public final class KeyFile {
  public static final int VERSION = 1;
  public static final int DEFAULT_SCRYPT_N = 32_768;
  public static final int SCRYPT_R = 8;
  public static final int SCRYPT_P = 1;

  /**
   * The largest scrypt N accepted from a file, 32 times the default; the memory and work limits
   * below bound it together with r and p.
   */
  public static final int MAX_SCRYPT_N = 1 << 20;

  public static final int MAX_SCRYPT_R = 32;
  public static final int MAX_SCRYPT_P = 16;

  /** Scrypt needs 128·N·r bytes; files asking for more than this are refused. */
  public static final long MAX_SCRYPT_MEMORY_BYTES = 256L * 1024 * 1024;

  /**
   * Scrypt's running time grows with N·r·p; capping it at 16 times the default cost keeps a hostile
   * file from making opening it take minutes.
   */
  public static final long MAX_SCRYPT_WORK = 16L * DEFAULT_SCRYPT_N * SCRYPT_R * SCRYPT_P;

  /** Far above any real key file; bounds the parser's work on whatever a user points us at. */
  public static final int MAX_FILE_CHARS = 64 * 1024;

  private static final String KDF_NAME = "scrypt";
  private static final String CIPHER_NAME = "aes-256-gcm";
  private static final int KEY_BYTES = 32;
  private static final int SALT_BYTES = 16;
  private static final int MIN_SALT_BYTES = 16;
  private static final int MAX_SALT_BYTES = 64;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int CIPHERTEXT_BYTES = KeyPair.SEED_LENGTH + TAG_BITS / 8;
  private static final String WRONG_PASSPHRASE = "wrong passphrase (or the key file was altered)";
  private static final String ADDRESS_MISMATCH = "address in file does not match its key";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private KeyFile() {}

  /** Seals {@code key} under {@code passphrase} with the default scrypt cost. */
  public static String encrypt(KeyPair key, String name, char[] passphrase) {
    return encrypt(key, name, passphrase, DEFAULT_SCRYPT_N);
  }

  /**
   * Seals {@code key} under {@code passphrase} with scrypt cost {@code scryptN} (a power of two).
   * Small costs are for tests only: they make a stolen file cheap to brute-force.
   *
   * @throws IllegalArgumentException if the passphrase is empty or {@code scryptN} is out of range
   */
  public static String encrypt(KeyPair key, String name, char[] passphrase, int scryptN) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(name, "name");
    if (passphrase == null || passphrase.length == 0) {
      throw new IllegalArgumentException("an empty passphrase would leave the key unprotected");
    }
    String limits = scryptLimitViolation(scryptN, SCRYPT_R, SCRYPT_P);
    if (limits != null) {
      throw new IllegalArgumentException(limits);
    }
    String address = key.address().toString();
    byte[] salt = random(SALT_BYTES);
    byte[] nonce = random(NONCE_BYTES);
    byte[] seed = key.seed();
    byte[] ciphertext;
    try {
      ciphertext =
          aesGcm(
              Cipher.ENCRYPT_MODE,
              passphrase,
              salt,
              scryptN,
              SCRYPT_R,
              SCRYPT_P,
              nonce,
              name,
              address,
              seed);
    } catch (AEADBadTagException e) {
      throw new IllegalStateException("encryption cannot fail authentication", e);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }

    Base64.Encoder b64 = Base64.getEncoder();
    ObjectNode root = JSON.createObjectNode();
    root.put("version", VERSION);
    root.put("name", name);
    root.put("address", address);
    root.put("publicKey", key.publicKey().toHex());
    ObjectNode kdf = root.putObject("kdf");
    kdf.put("name", KDF_NAME);
    kdf.put("n", scryptN);
    kdf.put("r", SCRYPT_R);
    kdf.put("p", SCRYPT_P);
    kdf.put("salt", b64.encodeToString(salt));
    ObjectNode cipher = root.putObject("cipher");
    cipher.put("name", CIPHER_NAME);
    cipher.put("nonce", b64.encodeToString(nonce));
    root.put("ciphertext", b64.encodeToString(ciphertext));
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serializes", e);
    }
  }

  /**
   * Opens a key file with its passphrase.
   *
   * @throws KeyFileException saying what is wrong: the passphrase, the file's format, or its
   *     integrity
   */
  public static KeyPair decrypt(String json, char[] passphrase) throws KeyFileException {
    Parsed file = parse(json);
    if (passphrase == null || passphrase.length == 0) {
      throw new KeyFileException(WRONG_PASSPHRASE);
    }
    byte[] seed;
    try {
      seed =
          aesGcm(
              Cipher.DECRYPT_MODE,
              passphrase,
              file.salt,
              file.n,
              file.r,
              file.p,
              file.nonce,
              file.info.name(),
              file.info.address().toString(),
              file.ciphertext);
    } catch (AEADBadTagException e) {
      throw new KeyFileException(WRONG_PASSPHRASE);
    }
    try {
      KeyPair key = KeyPair.fromSeed(seed);
      // The associated data binds the address, but only the writer binds it to the seed: check.
      if (!key.publicKey().equals(file.info.publicKey())) {
        throw new KeyFileException(ADDRESS_MISMATCH);
      }
      return key;
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  /** Reads the name, address and public key without the passphrase, checking they agree. */
  public static KeyFileInfo inspect(String json) throws KeyFileException {
    return parse(json).info;
  }

  /** A structurally valid key file whose scrypt parameters are within bounds. */
  private record Parsed(
      KeyFileInfo info, int n, int r, int p, byte[] salt, byte[] nonce, byte[] ciphertext) {}

  private static Parsed parse(String json) throws KeyFileException {
    if (json == null || json.isBlank()) {
      throw new KeyFileException("not a Gridwork key file: it is empty");
    }
    if (json.length() > MAX_FILE_CHARS) {
      throw new KeyFileException(
          "not a Gridwork key file: " + json.length() + " characters, far too long");
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new KeyFileException(
          "not a Gridwork key file: not valid JSON (" + e.getOriginalMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw new KeyFileException("not a Gridwork key file: expected a JSON object");
    }
    long version = integer(root, "version", "version");
    if (version != VERSION) {
      throw new KeyFileException(
          "unsupported key file version " + version + ", this program reads version " + VERSION);
    }
    String name = text(root, "name", "name");
    String addressText = text(root, "address", "address");
    String publicKeyText = text(root, "publicKey", "publicKey");
    JsonNode kdf = object(root, "kdf", "kdf");
    JsonNode cipher = object(root, "cipher", "cipher");
    byte[] ciphertext = base64(root, "ciphertext", "ciphertext");

    Address address;
    try {
      address = Address.parse(addressText);
    } catch (IllegalArgumentException e) {
      throw new KeyFileException("not a Gridwork key file: field 'address': " + e.getMessage());
    }
    PublicKey publicKey;
    try {
      publicKey = PublicKey.fromHex(publicKeyText);
    } catch (IllegalArgumentException e) {
      throw new KeyFileException(
          "not a Gridwork key file: field 'publicKey' is not 64 hex characters");
    }
    if (!address.equals(publicKey.address())) {
      throw new KeyFileException(ADDRESS_MISMATCH);
    }

    String kdfName = text(kdf, "name", "kdf.name");
    if (!kdfName.equals(KDF_NAME)) {
      throw new KeyFileException(
          "unsupported key derivation '" + kdfName + "', this program reads " + KDF_NAME);
    }
    long n = integer(kdf, "n", "kdf.n");
    long r = integer(kdf, "r", "kdf.r");
    long p = integer(kdf, "p", "kdf.p");
    String limits = scryptLimitViolation(n, r, p);
    if (limits != null) {
      throw new KeyFileException(limits);
    }
    byte[] salt = base64(kdf, "salt", "kdf.salt");
    if (salt.length < MIN_SALT_BYTES || salt.length > MAX_SALT_BYTES) {
      throw new KeyFileException(
          "not a Gridwork key file: field 'kdf.salt' has "
              + salt.length
              + " bytes, expected "
              + MIN_SALT_BYTES
              + " to "
              + MAX_SALT_BYTES);
    }

    String cipherName = text(cipher, "name", "cipher.name");
    if (!cipherName.equals(CIPHER_NAME)) {
      throw new KeyFileException(
          "unsupported cipher '" + cipherName + "', this program reads " + CIPHER_NAME);
    }
    byte[] nonce = base64(cipher, "nonce", "cipher.nonce");
    if (nonce.length != NONCE_BYTES) {
      throw new KeyFileException(
          "not a Gridwork key file: field 'cipher.nonce' has "
              + nonce.length
              + " bytes, expected "
              + NONCE_BYTES);
    }
    if (ciphertext.length != CIPHERTEXT_BYTES) {
      throw new KeyFileException(
          "not a Gridwork key file: field 'ciphertext' has "
              + ciphertext.length
              + " bytes, expected "
              + CIPHERTEXT_BYTES);
    }
    return new Parsed(
        new KeyFileInfo(name, address, publicKey),
        (int) n,
        (int) r,
        (int) p,
        salt,
        nonce,
        ciphertext);
  }

  /**
   * Null when the parameters are acceptable, otherwise the message saying which limit they break.
   */
  private static String scryptLimitViolation(long n, long r, long p) {
    String problem;
    if (n < 2 || n > MAX_SCRYPT_N || Long.bitCount(n) != 1) {
      problem = "n must be a power of two from 2 to " + MAX_SCRYPT_N;
    } else if (r < 1 || r > MAX_SCRYPT_R) {
      problem = "r must be from 1 to " + MAX_SCRYPT_R;
    } else if (p < 1 || p > MAX_SCRYPT_P) {
      problem = "p must be from 1 to " + MAX_SCRYPT_P;
    } else if (128 * n * r > MAX_SCRYPT_MEMORY_BYTES) {
      problem =
          "they need "
              + (128 * n * r >> 20)
              + " MiB of memory, at most "
              + (MAX_SCRYPT_MEMORY_BYTES >> 20)
              + " MiB is allowed";
    } else if (n * r * p > MAX_SCRYPT_WORK) {
      problem = "n·r·p is " + n * r * p + ", at most " + MAX_SCRYPT_WORK + " is allowed";
    } else {
      return null;
    }
    return "scrypt parameters n="
        + n
        + ", r="
        + r
        + ", p="
        + p
        + " are outside the accepted limits: "
        + problem;
  }

  /**
   * Runs AES-256-GCM in {@code mode} over {@code input} under the scrypt-derived key, wiping the
   * passphrase bytes and the derived key whatever happens.
   */
  private static byte[] aesGcm(
      int mode,
      char[] passphrase,
      byte[] salt,
      int n,
      int r,
      int p,
      byte[] nonce,
      String name,
      String address,
      byte[] input)
      throws AEADBadTagException {
    byte[] secret = utf8(passphrase);
    byte[] derived = null;
    try {
      derived = SCrypt.generate(secret, salt, n, r, p, KEY_BYTES);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, new SecretKeySpec(derived, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData(name, address));
      return cipher.doFinal(input);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is part of every JDK", e);
    } finally {
      Arrays.fill(secret, (byte) 0);
      if (derived != null) {
        Arrays.fill(derived, (byte) 0);
      }
    }
  }

  /** The labels bound to the ciphertext, length-prefixed so no two label pairs encode alike. */
  private static byte[] associatedData(String name, String address) {
    return new CanonicalWriter()
        .string("gridwork-key-file")
        .u8(VERSION)
        .bytes(name.getBytes(StandardCharsets.UTF_8))
        .bytes(address.getBytes(StandardCharsets.UTF_8))
        .toByteArray();
  }

  /** Encodes without creating a String, so the only copy of the passphrase bytes can be wiped. */
  private static byte[] utf8(char[] passphrase) {
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
    byte[] out = new byte[encoded.remaining()];
    encoded.get(out);
    if (encoded.hasArray()) {
      Arrays.fill(encoded.array(), (byte) 0);
    }
    return out;
  }

  private static byte[] random(int length) {
    byte[] out = new byte[length];
    RANDOM.nextBytes(out);
    return out;
  }

  private static JsonNode field(JsonNode parent, String key, String path) throws KeyFileException {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      throw new KeyFileException("not a Gridwork key file: missing field '" + path + "'");
    }
    return node;
  }

  private static String text(JsonNode parent, String key, String path) throws KeyFileException {
    JsonNode node = field(parent, key, path);
    if (!node.isTextual()) {
      throw new KeyFileException("not a Gridwork key file: field '" + path + "' must be a string");
    }
    return node.textValue();
  }

  private static long integer(JsonNode parent, String key, String path) throws KeyFileException {
    JsonNode node = field(parent, key, path);
    if (!node.isIntegralNumber()) {
      throw new KeyFileException(
          "not a Gridwork key file: field '" + path + "' must be an integer");
    }
    // Anything beyond a long is absurd for every integer field; saturate so the range check says
    // so.
    return node.canConvertToLong() ? node.longValue() : Long.MAX_VALUE;
  }

  private static JsonNode object(JsonNode parent, String key, String path) throws KeyFileException {
    JsonNode node = field(parent, key, path);
    if (!node.isObject()) {
      throw new KeyFileException("not a Gridwork key file: field '" + path + "' must be an object");
    }
    return node;
  }

  private static byte[] base64(JsonNode parent, String key, String path) throws KeyFileException {
    String value = text(parent, key, path);
    try {
      return Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new KeyFileException("not a Gridwork key file: field '" + path + "' is not base64");
    }
  }
}
