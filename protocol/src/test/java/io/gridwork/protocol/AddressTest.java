package io.gridwork.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridwork.protocol.crypto.Bech32;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class AddressTest {
  private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  private static final Address ALICE = KeyPair.fromLabel("alice").address();

  @Test
  void addressRoundTripsThroughItsText() {
    String text = ALICE.toString();

    assertThat(text).startsWith("grid1").hasSize(4 + 1 + 32 + 6);
    assertThat(Address.parse(text)).isEqualTo(ALICE);
  }

  @Test
  void everyByteValueRoundTrips() {
    for (int b = 0; b < 256; b++) {
      byte[] bytes = new byte[Address.LENGTH];
      Arrays.fill(bytes, (byte) b);
      Address address = new Address(bytes);

      assertThat(Address.parse(address.toString())).isEqualTo(address);
    }
  }

  @Test
  void upperCaseAddressParses() {
    assertThat(Address.parse(ALICE.toString().toUpperCase(Locale.ROOT))).isEqualTo(ALICE);
  }

  @Test
  void surroundingWhitespaceIsIgnored() {
    assertThat(Address.parse("  " + ALICE + "\n")).isEqualTo(ALICE);
  }

  @Test
  void everySingleCharacterTypoIsCaught() {
    String text = ALICE.toString();
    int checked = 0;
    for (int i = "grid1".length(); i < text.length(); i++) {
      for (char c : CHARSET.toCharArray()) {
        if (c == text.charAt(i)) {
          continue;
        }
        String typo = text.substring(0, i) + c + text.substring(i + 1);

        assertThatThrownBy(() -> Address.parse(typo))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("checksum does not match");
        checked++;
      }
    }
    assertThat(checked).isEqualTo((text.length() - 5) * 31);
  }

  @Test
  void everySwappedAdjacentPairIsCaught() {
    String text = ALICE.toString();
    int checked = 0;
    for (int i = "grid1".length(); i + 1 < text.length(); i++) {
      if (text.charAt(i) == text.charAt(i + 1)) {
        continue;
      }
      String swapped =
          text.substring(0, i) + text.charAt(i + 1) + text.charAt(i) + text.substring(i + 2);

      assertThatThrownBy(() -> Address.parse(swapped))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("checksum does not match");
      checked++;
    }
    assertThat(checked).isPositive();
  }

  @Test
  void characterOutsideTheAlphabetIsNamedWithItsPosition() {
    String text = ALICE.toString();
    String typo = text.substring(0, 7) + "b" + text.substring(8);

    assertThatThrownBy(() -> Address.parse(typo))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid character 'b' at position 8");
  }

  @Test
  void wrongPrefixIsNamed() {
    String cosmos = Bech32.encode("cosmos", ALICE.bytes());

    assertThatThrownBy(() -> Address.parse(cosmos))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "invalid address '"
                + cosmos
                + "': prefix is 'cosmos', Gridwork addresses start with 'grid1'");
  }

  @Test
  void wrongLengthIsNamed() {
    String longer = Bech32.encode("grid", new byte[32]);

    assertThatThrownBy(() -> Address.parse(longer))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid address '" + longer + "': holds 32 bytes, not 20");
  }

  @Test
  void mixedCaseIsNamed() {
    String text = ALICE.toString();
    String mixed = text.substring(0, 10) + text.substring(10).toUpperCase(Locale.ROOT);

    assertThatThrownBy(() -> Address.parse(mixed))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid address '" + mixed + "': mixes upper and lower case");
  }

  @Test
  void emptyTextIsNamed() {
    assertThatThrownBy(() -> Address.parse(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid address '': empty address");
  }

  @Test
  void addressIsTheFirstTwentyBytesOfTheKeysHash() {
    KeyPair key = KeyPair.fromLabel("alice");

    byte[] hash = Hash.sha256(key.publicKey().bytes()).bytes();

    assertThat(key.address().bytes()).isEqualTo(Arrays.copyOf(hash, 20));
  }

  @Test
  void addressesOrderByTheirBytesUnsigned() {
    byte[] low = new byte[20];
    byte[] high = new byte[20];
    high[0] = (byte) 0x80;

    assertThat(new Address(low)).isLessThan(new Address(high));
  }
}
