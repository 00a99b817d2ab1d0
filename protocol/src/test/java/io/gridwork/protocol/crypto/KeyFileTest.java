package io.gridwork.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class KeyFileTest {
  private static final int TEST_N = 16;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KeyPair ALICE = KeyPair.fromLabel("alice");
  private static final KeyPair BOB = KeyPair.fromLabel("bob");
  private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

  private static String aliceFile() {
    return KeyFile.encrypt(ALICE, "alice", PASSPHRASE, TEST_N);
  }

  private static ObjectNode tree(String json) throws Exception {
    return (ObjectNode) JSON.readTree(json);
  }

  private static String edit(String json, Consumer<ObjectNode> change) throws Exception {
    ObjectNode root = tree(json);
    change.accept(root);
    return JSON.writeValueAsString(root);
  }

  @Test
  void encryptedKeyDecryptsToTheSameKey() throws Exception {
    String file = aliceFile();

    KeyPair key = KeyFile.decrypt(file, PASSPHRASE);

    assertThat(key).isEqualTo(ALICE);
  }

  @Test
  void fileHasTheDocumentedLayout() throws Exception {
    ObjectNode root = tree(aliceFile());

    assertThat(root.get("version").intValue()).isEqualTo(1);
    assertThat(root.get("name").textValue()).isEqualTo("alice");
    assertThat(root.get("address").textValue()).isEqualTo(ALICE.address().toString());
    assertThat(root.get("publicKey").textValue()).isEqualTo(ALICE.publicKey().toHex());
    assertThat(root.at("/kdf/name").textValue()).isEqualTo("scrypt");
    assertThat(root.at("/kdf/n").intValue()).isEqualTo(TEST_N);
    assertThat(root.at("/kdf/r").intValue()).isEqualTo(8);
    assertThat(root.at("/kdf/p").intValue()).isEqualTo(1);
    assertThat(Base64.getDecoder().decode(root.at("/kdf/salt").textValue())).hasSize(16);
    assertThat(root.at("/cipher/name").textValue()).isEqualTo("aes-256-gcm");
    assertThat(Base64.getDecoder().decode(root.at("/cipher/nonce").textValue())).hasSize(12);
    assertThat(Base64.getDecoder().decode(root.get("ciphertext").textValue())).hasSize(48);
  }

  @Test
  void defaultCostIsScryptN32768() throws Exception {
    String file = KeyFile.encrypt(ALICE, "alice", PASSPHRASE);

    assertThat(tree(file).at("/kdf/n").intValue()).isEqualTo(32_768);
  }

  @Test
  void fileNeverContainsTheSeed() {
    String file = aliceFile();

    assertThat(file)
        .doesNotContain(HexFormat.of().formatHex(ALICE.seed()))
        .doesNotContain(Base64.getEncoder().encodeToString(ALICE.seed()));
  }

  @Test
  void encryptingTwiceUsesFreshSaltAndNonce() throws Exception {
    ObjectNode first = tree(aliceFile());
    ObjectNode second = tree(aliceFile());

    assertThat(second.at("/kdf/salt")).isNotEqualTo(first.at("/kdf/salt"));
    assertThat(second.at("/cipher/nonce")).isNotEqualTo(first.at("/cipher/nonce"));
  }

  @Test
  void unicodePassphraseRoundTrips() throws Exception {
    char[] passphrase = "pässwörd ✓ 鍵".toCharArray();
    String file = KeyFile.encrypt(ALICE, "alice", passphrase, TEST_N);

    assertThat(KeyFile.decrypt(file, passphrase)).isEqualTo(ALICE);
  }

  @Test
  void inspectReadsTheLabelsWithoutThePassphrase() throws Exception {
    KeyFileInfo info = KeyFile.inspect(aliceFile());

    assertThat(info).isEqualTo(new KeyFileInfo("alice", ALICE.address(), ALICE.publicKey()));
  }

  @Test
  void emptyPassphraseIsRefusedOnEncrypt() {
    assertThatThrownBy(() -> KeyFile.encrypt(ALICE, "alice", new char[0], TEST_N))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty passphrase");
  }

  @Test
  void scryptCostThatIsNotAPowerOfTwoIsRefusedOnEncrypt() {
    assertThatThrownBy(() -> KeyFile.encrypt(ALICE, "alice", PASSPHRASE, 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("n=1000");
  }

  @Test
  void wrongPassphraseIsReported() {
    String file = aliceFile();

    assertThatThrownBy(() -> KeyFile.decrypt(file, "correct horse battery stapler".toCharArray()))
        .isInstanceOf(KeyFileException.class)
        .hasMessage("wrong passphrase (or the key file was altered)");
  }

  @Test
  void emptyPassphraseOnDecryptIsAWrongPassphrase() {
    String file = aliceFile();

    assertThatThrownBy(() -> KeyFile.decrypt(file, new char[0]))
        .isInstanceOf(KeyFileException.class)
        .hasMessage("wrong passphrase (or the key file was altered)");
  }

  @Test
  void tamperedCiphertextIsDetected() throws Exception {
    String file =
        edit(
            aliceFile(),
            root -> {
              byte[] c = Base64.getDecoder().decode(root.get("ciphertext").textValue());
              c[0] ^= 1;
              root.put("ciphertext", Base64.getEncoder().encodeToString(c));
            });

    assertThatThrownBy(() -> KeyFile.decrypt(file, PASSPHRASE))
        .isInstanceOf(KeyFileException.class)
        .hasMessage("wrong passphrase (or the key file was altered)");
  }

  @Test
  void tamperedNonceIsDetected() throws Exception {
    String file =
        edit(
            aliceFile(),
            root -> {
              ObjectNode cipher = (ObjectNode) root.get("cipher");
              byte[] nonce = Base64.getDecoder().decode(cipher.get("nonce").textValue());
              nonce[11] ^= 1;
              cipher.put("nonce", Base64.getEncoder().encodeToString(nonce));
            });

    assertThatThrownBy(() -> KeyFile.decrypt(file, PASSPHRASE))
        .isInstanceOf(KeyFileException.class)
        .hasMessage("wrong passphrase (or the key file was altered)");
  }

  @Test
  void renamedKeyFileDoesNotOpen() throws Exception {
    String file = edit(aliceFile(), root -> root.put("name", "treasury"));

    assertThatThrownBy(() -> KeyFile.decrypt(file, PASSPHRASE))
        .isInstanceOf(KeyFileException.class)
        .hasMessage("wrong passphrase (or the key file was altered)");
  }

  @Test
  void addressThatIsNotThePublicKeysIsReported() throws Exception {
    String file = edit(aliceFile(), root -> root.put("address", BOB.address().toString()));

    assertThatThrownBy(() -> KeyFile.inspect(file))
        .isInstanceOf(KeyFileException.class)
        .hasMessage("address in file does not match its key");
  }

  @Test
  void addressAndPublicKeySwappedForAnotherKeyDoNotOpen() throws Exception {
    String file =
        edit(
            aliceFile(),
            root -> {
              root.put("address", BOB.address().toString());
              root.put("publicKey", BOB.publicKey().toHex());
            });

    assertThatThrownBy(() -> KeyFile.decrypt(file, PASSPHRASE))
        .isInstanceOf(KeyFileException.class)
        .hasMessage("wrong passphrase (or the key file was altered)");
  }

  @Test
  void ciphertextMovedIntoAnotherKeysFileDoesNotOpen() throws Exception {
    ObjectNode alice = tree(aliceFile());
    String bobWithAliceSecret =
        edit(
            KeyFile.encrypt(BOB, "alice", PASSPHRASE, TEST_N),
            root -> {
              root.set("kdf", alice.get("kdf"));
              root.set("cipher", alice.get("cipher"));
              root.set("ciphertext", alice.get("ciphertext"));
            });

    assertThatThrownBy(() -> KeyFile.decrypt(bobWithAliceSecret, PASSPHRASE))
        .isInstanceOf(KeyFileException.class)
        .hasMessage("wrong passphrase (or the key file was altered)");
  }

  @Test
  void missingKdfIsReportedByName() throws Exception {
    String file = edit(aliceFile(), root -> root.remove("kdf"));

    assertThatThrownBy(() -> KeyFile.decrypt(file, PASSPHRASE))
        .isInstanceOf(KeyFileException.class)
        .hasMessage("not a Gridwork key file: missing field 'kdf'");
  }

  @Test
  void missingNestedFieldIsReportedWithItsPath() throws Exception {
    String file = edit(aliceFile(), root -> ((ObjectNode) root.get("cipher")).remove("nonce"));

    assertThatThrownBy(() -> KeyFile.decrypt(file, PASSPHRASE))
        .isInstanceOf(KeyFileException.class)
        .hasMessage("not a Gridwork key file: missing field 'cipher.nonce'");
  }

  @Test
  void missingCiphertextIsReportedByName() throws Exception {
    String file = edit(aliceFile(), root -> root.remove("ciphertext"));

    assertThatThrownBy(() -> KeyFile.inspect(file))
        .isInstanceOf(KeyFileException.class)
        .hasMessage("not a Gridwork key file: missing field 'ciphertext'");
  }

  @Test
  void fieldOfTheWrongTypeIsReported() throws Exception {
    String file = edit(aliceFile(), root -> ((ObjectNode) root.get("kdf")).put("n", "32768"));

    assertThatThrownBy(() -> KeyFile.decrypt(file, PASSPHRASE))
        .isInstanceOf(KeyFileException.class)
        .hasMessage("not a Gridwork key file: field 'kdf.n' must be an integer");
  }

  @Test
  void unsupportedVersionIsReported() throws Exception {
    String file = edit(aliceFile(), root -> root.put("version", 7));

    assertThatThrownBy(() -> KeyFile.decrypt(file, PASSPHRASE))
        .isInstanceOf(KeyFileException.class)
        .hasMessageStartingWith("unsupported key file version 7");
  }

  @Test
  void unsupportedCipherIsReported() throws Exception {
    String file =
        edit(aliceFile(), root -> ((ObjectNode) root.get("cipher")).put("name", "aes-128-ctr"));

    assertThatThrownBy(() -> KeyFile.decrypt(file, PASSPHRASE))
        .isInstanceOf(KeyFileException.class)
        .hasMessageStartingWith("unsupported cipher 'aes-128-ctr'");
  }

  @Test
  void unsupportedKeyDerivationIsReported() throws Exception {
    String file = edit(aliceFile(), root -> ((ObjectNode) root.get("kdf")).put("name", "pbkdf2"));

    assertThatThrownBy(() -> KeyFile.decrypt(file, PASSPHRASE))
        .isInstanceOf(KeyFileException.class)
        .hasMessageStartingWith("unsupported key derivation 'pbkdf2'");
  }

  @Test
  void garbageIsNotAKeyFile() {
    assertThatThrownBy(() -> KeyFile.decrypt("{\"version\": 1, name", PASSPHRASE))
        .isInstanceOf(KeyFileException.class)
        .hasMessageStartingWith("not a Gridwork key file: not valid JSON");
  }

  @Test
  void jsonThatIsNotAnObjectIsNotAKeyFile() {
    assertThatThrownBy(() -> KeyFile.inspect("[1, 2, 3]"))
        .isInstanceOf(KeyFileException.class)
        .hasMessage("not a Gridwork key file: expected a JSON object");
  }

  @Test
  void emptyInputIsNotAKeyFile() {
    assertThatThrownBy(() -> KeyFile.inspect("  \n"))
        .isInstanceOf(KeyFileException.class)
        .hasMessage("not a Gridwork key file: it is empty");
  }

  @Test
  void duplicateFieldsAreRefused() throws Exception {
    String file = aliceFile().replaceFirst("\\{", "{\"name\":\"mallory\",");

    assertThatThrownBy(() -> KeyFile.inspect(file))
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining("Duplicate field 'name'");
  }

  @Test
  void hugeScryptCostIsRefusedBeforeDerivingAnything() throws Exception {
    String file = edit(aliceFile(), root -> ((ObjectNode) root.get("kdf")).put("n", 1L << 30));

    assertThatThrownBy(() -> KeyFile.decrypt(file, PASSPHRASE))
        .isInstanceOf(KeyFileException.class)
        .hasMessage(
            "scrypt parameters n=1073741824, r=8, p=1 are outside the accepted limits: "
                + "n must be a power of two from 2 to 1048576");
  }

  @Test
  void scryptMemoryAboveTheLimitIsRefused() throws Exception {
    String file =
        edit(
            aliceFile(),
            root -> {
              ObjectNode kdf = (ObjectNode) root.get("kdf");
              kdf.put("n", 1 << 20);
              kdf.put("r", 32);
            });

    assertThatThrownBy(() -> KeyFile.decrypt(file, PASSPHRASE))
        .isInstanceOf(KeyFileException.class)
        .hasMessage(
            "scrypt parameters n=1048576, r=32, p=1 are outside the accepted limits: "
                + "they need 4096 MiB of memory, at most 256 MiB is allowed");
  }

  @Test
  void scryptWorkAboveTheLimitIsRefused() throws Exception {
    String file =
        edit(
            aliceFile(),
            root -> {
              ObjectNode kdf = (ObjectNode) root.get("kdf");
              kdf.put("n", 1 << 17);
              kdf.put("p", 16);
            });

    assertThatThrownBy(() -> KeyFile.decrypt(file, PASSPHRASE))
        .isInstanceOf(KeyFileException.class)
        .hasMessage(
            "scrypt parameters n=131072, r=8, p=16 are outside the accepted limits: "
                + "n·r·p is 16777216, at most 4194304 is allowed");
  }

  @Test
  void scryptParallelismAboveTheLimitIsRefused() throws Exception {
    String file = edit(aliceFile(), root -> ((ObjectNode) root.get("kdf")).put("p", 1000));

    assertThatThrownBy(() -> KeyFile.decrypt(file, PASSPHRASE))
        .isInstanceOf(KeyFileException.class)
        .hasMessageStartingWith("scrypt parameters n=16, r=8, p=1000 are outside");
  }

  @Test
  void scryptCostBeyondALongIsRefused() throws Exception {
    String file =
        edit(
            aliceFile(),
            root ->
                ((ObjectNode) root.get("kdf"))
                    .put("n", new BigInteger("1000000000000000000000000")));

    assertThatThrownBy(() -> KeyFile.decrypt(file, PASSPHRASE))
        .isInstanceOf(KeyFileException.class)
        .hasMessageStartingWith("scrypt parameters n=9223372036854775807");
  }

  @Test
  void nonPowerOfTwoScryptCostIsRefused() throws Exception {
    String file = edit(aliceFile(), root -> ((ObjectNode) root.get("kdf")).put("n", 1000));

    assertThatThrownBy(() -> KeyFile.decrypt(file, PASSPHRASE))
        .isInstanceOf(KeyFileException.class)
        .hasMessageStartingWith("scrypt parameters n=1000, r=8, p=1 are outside");
  }

  @Test
  void shortSaltIsRefused() throws Exception {
    String file =
        edit(
            aliceFile(),
            root ->
                ((ObjectNode) root.get("kdf"))
                    .put("salt", Base64.getEncoder().encodeToString(new byte[4])));

    assertThatThrownBy(() -> KeyFile.decrypt(file, PASSPHRASE))
        .isInstanceOf(KeyFileException.class)
        .hasMessage("not a Gridwork key file: field 'kdf.salt' has 4 bytes, expected 16 to 64");
  }

  @Test
  void ciphertextThatIsNotBase64IsReported() throws Exception {
    String file = edit(aliceFile(), root -> root.put("ciphertext", "not base64!"));

    assertThatThrownBy(() -> KeyFile.decrypt(file, PASSPHRASE))
        .isInstanceOf(KeyFileException.class)
        .hasMessage("not a Gridwork key file: field 'ciphertext' is not base64");
  }

  @Test
  void unparsableAddressIsReported() throws Exception {
    String file = edit(aliceFile(), root -> root.put("address", "cosmos1qqqq"));

    assertThatThrownBy(() -> KeyFile.inspect(file))
        .isInstanceOf(KeyFileException.class)
        .hasMessageStartingWith("not a Gridwork key file: field 'address': invalid address");
  }

  @Test
  void unparsablePublicKeyIsReported() throws Exception {
    String file = edit(aliceFile(), root -> root.put("publicKey", "zz"));

    assertThatThrownBy(() -> KeyFile.inspect(file))
        .isInstanceOf(KeyFileException.class)
        .hasMessage("not a Gridwork key file: field 'publicKey' is not 64 hex characters");
  }
}
