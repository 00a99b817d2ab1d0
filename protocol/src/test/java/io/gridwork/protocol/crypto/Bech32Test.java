package io.gridwork.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class Bech32Test {

  /** The valid bech32 strings of BIP-173: each must pass its checksum. */
  static String[] bip173Valid() {
    return new String[] {
      "A12UEL5L",
      "a12uel5l",
      "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
      "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
      "11" + "q".repeat(82) + "c8247j",
      "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
      "?1ezyfcl",
    };
  }

  /** The invalid bech32 strings of BIP-173, each with the reason the BIP gives. */
  static String[] bip173Invalid() {
    return new String[] {
      "\u0020" + "1nwldj5", // HRP character out of range
      "\u007f" + "1axkwrx", // HRP character out of range
      "\u0080" + "1eym55h", // HRP character out of range
      "an84characterslonglonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx", // too long
      "pzry9x0s0muk", // no separator
      "1pzry9x0s0muk", // empty HRP
      "x1b4n0q5v", // invalid data character
      "li1dgmt3", // checksum too short
      "de1lg7wt" + "\u00ff", // invalid character in checksum
      "A1G7SGD8", // checksum computed over the upper-case HRP
      "10a06t8", // empty HRP
      "1qzzfhee", // empty HRP
    };
  }

  @ParameterizedTest
  @MethodSource("bip173Valid")
  void bip173ValidStringsDecode(String text) {
    Bech32.Decoded decoded = Bech32.decode(text);

    assertThat(decoded.prefix()).isEqualTo(text.substring(0, text.lastIndexOf('1')).toLowerCase());
  }

  @ParameterizedTest
  @MethodSource("bip173Invalid")
  void bip173InvalidStringsAreRejected(String text) {
    assertThatThrownBy(() -> Bech32.decode(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "00", "000102030405060708090a0b0c0d0e0f10111213", "ff"})
  void encodedDataDecodesToTheSameBytes(String hex) {
    byte[] data = HexFormat.of().parseHex(hex);

    Bech32.Decoded decoded = Bech32.decode(Bech32.encode("test", data));

    assertThat(decoded.prefix()).isEqualTo("test");
    assertThat(decoded.data()).isEqualTo(data);
  }

  @ParameterizedTest
  @ValueSource(strings = {"A12UEL5L", "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw"})
  void encodingReproducesTheCanonicalLowerCaseForm(String text) {
    Bech32.Decoded decoded = Bech32.decode(text);

    assertThat(Bech32.encode(decoded.prefix(), decoded.data())).isEqualTo(text.toLowerCase());
  }

  @ParameterizedTest
  @ValueSource(strings = {"A12uEL5L", "abcdef1Qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw"})
  void mixedCaseIsRejected(String text) {
    assertThatThrownBy(() -> Bech32.decode(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mixes upper and lower case");
  }
}
