package io.gridwork.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class KeyPairTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] MESSAGE = "transfer 5GRID to bob".getBytes(StandardCharsets.UTF_8);

  // RFC 8032, section 7.1, TEST 2: a one-byte message.
  private static final String RFC_SECRET =
      "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
  private static final String RFC_PUBLIC =
      "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
  private static final String RFC_MESSAGE = "72";
  private static final String RFC_SIGNATURE =
      "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
          + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";

  @Test
  void signatureVerifiesUnderTheSignersKey() {
    KeyPair key = KeyPair.fromLabel("alice");

    byte[] signature = key.sign(MESSAGE);

    assertThat(key.publicKey().verify(MESSAGE, signature)).isTrue();
  }

  @Test
  void signatureDoesNotVerifyUnderAnotherKey() {
    byte[] signature = KeyPair.fromLabel("alice").sign(MESSAGE);

    assertThat(KeyPair.fromLabel("bob").publicKey().verify(MESSAGE, signature)).isFalse();
  }

  @Test
  void everyFlippedBitInTheMessageBreaksTheSignature() {
    KeyPair key = KeyPair.fromLabel("alice");
    byte[] signature = key.sign(MESSAGE);

    for (int bit = 0; bit < MESSAGE.length * 8; bit++) {
      byte[] altered = MESSAGE.clone();
      altered[bit / 8] ^= (byte) (1 << (bit % 8));

      assertThat(key.publicKey().verify(altered, signature)).as("bit %d", bit).isFalse();
    }
  }

  @Test
  void everyFlippedBitInTheSignatureBreaksIt() {
    KeyPair key = KeyPair.fromLabel("alice");
    byte[] signature = key.sign(MESSAGE);

    for (int bit = 0; bit < signature.length * 8; bit++) {
      byte[] altered = signature.clone();
      altered[bit / 8] ^= (byte) (1 << (bit % 8));

      assertThat(key.publicKey().verify(MESSAGE, altered)).as("bit %d", bit).isFalse();
    }
  }

  @Test
  void signatureOfTheWrongLengthIsRejectedNotThrown() {
    KeyPair key = KeyPair.fromLabel("alice");

    assertThat(key.publicKey().verify(MESSAGE, new byte[63])).isFalse();
    assertThat(key.publicKey().verify(MESSAGE, null)).isFalse();
  }

  @Test
  void fromLabelIsDeterministic() {
    assertThat(KeyPair.fromLabel("alice").seed()).isEqualTo(KeyPair.fromLabel("alice").seed());
  }

  @Test
  void differentLabelsGiveDifferentKeys() {
    assertThat(KeyPair.fromLabel("alice").address())
        .isNotEqualTo(KeyPair.fromLabel("bob").address());
  }

  @Test
  void generatedKeysDiffer() {
    assertThat(KeyPair.generate()).isNotEqualTo(KeyPair.generate());
  }

  @Test
  void fromSeedRestoresTheSameKey() {
    KeyPair key = KeyPair.fromLabel("alice");

    assertThat(KeyPair.fromSeed(key.seed())).isEqualTo(key);
  }

  @Test
  void toStringNeverShowsTheSeed() {
    KeyPair key = KeyPair.fromLabel("alice");

    assertThat(key.toString()).doesNotContain(HEX.formatHex(key.seed())).contains("grid1");
  }

  @Test
  void rfc8032PublicKeyIsDerivedFromTheSecret() {
    KeyPair key = KeyPair.fromSeed(HEX.parseHex(RFC_SECRET));

    assertThat(key.publicKey().toHex()).isEqualTo(RFC_PUBLIC);
  }

  @Test
  void rfc8032SignatureIsReproducedExactly() {
    KeyPair key = KeyPair.fromSeed(HEX.parseHex(RFC_SECRET));

    assertThat(HEX.formatHex(key.sign(HEX.parseHex(RFC_MESSAGE)))).isEqualTo(RFC_SIGNATURE);
  }

  @Test
  void rfc8032SignatureVerifies() {
    PublicKey publicKey = PublicKey.fromHex(RFC_PUBLIC);

    assertThat(publicKey.verify(HEX.parseHex(RFC_MESSAGE), HEX.parseHex(RFC_SIGNATURE))).isTrue();
  }
}
