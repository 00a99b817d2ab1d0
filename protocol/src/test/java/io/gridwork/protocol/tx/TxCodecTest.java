package io.gridwork.protocol.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.protocol.codec.CanonicalWriter;
import io.gridwork.protocol.crypto.KeyPair;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TxCodecTest {
  private static final KeyPair ALICE = KeyPair.fromLabel("alice");
  private static final KeyPair BOB = KeyPair.fromLabel("bob");
  private static final byte[] NO_SIGNATURE = new byte[SignedTransaction.SIGNATURE_LENGTH];

  /** The envelope up to and including the kind tag, written field by field as the layout says. */
  private static CanonicalWriter envelope(int version, long nonce, long fee, int kind) {
    return new CanonicalWriter()
        .u8(version)
        .string("gridwork-devnet")
        .publicKey(ALICE.publicKey())
        .i64(nonce)
        .i64(fee)
        .u8(kind);
  }

  private static CanonicalWriter transferEnvelope() {
    return envelope(TxCodec.VERSION, 0, 1_000, TxKind.TRANSFER.tag());
  }

  private static CanonicalWriter providerEnvelope() {
    return envelope(TxCodec.VERSION, 0, 1_000, TxKind.REGISTER_PROVIDER.tag());
  }

  private static byte[] signed(CanonicalWriter w) {
    return w.fixed(NO_SIGNATURE).toByteArray();
  }

  /** Writes a string's length prefix and then exactly {@code utf8}, valid or not. */
  private static CanonicalWriter rawString(CanonicalWriter w, byte... utf8) {
    return w.u16(utf8.length).fixed(utf8);
  }

  private static String reason(byte[] bytes) {
    DecodeResult result = TxCodec.decode(bytes);
    assertThat(result).isInstanceOf(DecodeResult.Malformed.class);
    return ((DecodeResult.Malformed) result).reason();
  }

  private static SignedTransaction registration() {
    TreeMap<String, String> attributes = new TreeMap<>();
    attributes.put("datacenter", "fra-2");
    attributes.put("gpu.interconnect", "nvlink");
    attributes.put("operator", "Jörg & Søn ⚡");
    return new Transaction(
            "gridwork-devnet",
            ALICE.publicKey(),
            7,
            2_500,
            new RegisterProvider(
                List.of(
                    new GpuInventory("NVIDIA RTX 4090", 24_576, 2),
                    new GpuInventory("NVIDIA A100 80GB", 81_920, 8)),
                "eu-central",
                "premium",
                attributes,
                500_000_000))
        .sign(ALICE);
  }

  @Test
  void transferIsEncodedInTheDocumentedLayout() {
    SignedTransaction stx =
        new SignedTransaction(
            new Transaction(
                "gridwork-devnet", ALICE.publicKey(), 0, 1_000, new Transfer(BOB.address(), 42)),
            NO_SIGNATURE);

    byte[] expected = signed(transferEnvelope().address(BOB.address()).i64(42));

    assertThat(TxCodec.encode(stx)).isEqualTo(expected);
  }

  @Test
  void emptyInputIsMalformed() {
    assertThat(reason(new byte[0])).isEqualTo("empty transaction");
  }

  @Test
  void oversizedInputIsMalformedWithoutBeingParsed() {
    assertThat(reason(new byte[TxCodec.MAX_TX_BYTES + 1]))
        .isEqualTo("transaction is 65537 bytes, at most 65536");
  }

  @Test
  void truncationAtEveryPositionIsMalformed() {
    byte[] full = registration().encode();

    for (int length = 1; length < full.length; length++) {
      assertThat(reason(Arrays.copyOf(full, length)))
          .as("truncated to %d bytes", length)
          .startsWith("truncated input reading ");
    }
  }

  @Test
  void truncationInsideTheSignatureNamesIt() {
    byte[] full = registration().encode();

    assertThat(reason(Arrays.copyOf(full, full.length - 1)))
        .isEqualTo("truncated input reading signature");
  }

  @Test
  void trailingBytesAreMalformed() {
    byte[] full = registration().encode();

    assertThat(reason(Arrays.copyOf(full, full.length + 1)))
        .isEqualTo("transaction has 1 unexpected trailing bytes");
  }

  @Test
  void unknownVersionIsMalformed() {
    byte[] bytes = signed(envelope(2, 0, 1_000, 1).address(BOB.address()).i64(42));

    assertThat(reason(bytes))
        .isEqualTo("unsupported transaction version 2, this node reads version 1");
  }

  @Test
  void unknownKindIsMalformed() {
    byte[] bytes = signed(envelope(TxCodec.VERSION, 0, 1_000, 200).i64(42));

    assertThat(reason(bytes)).isEqualTo("unknown transaction kind 200");
  }

  @Test
  void kindZeroIsUnknown() {
    byte[] bytes = signed(envelope(TxCodec.VERSION, 0, 1_000, 0).i64(42));

    assertThat(reason(bytes)).isEqualTo("unknown transaction kind 0");
  }

  @Test
  void negativeNonceIsMalformed() {
    byte[] bytes = signed(envelope(TxCodec.VERSION, -1, 1_000, 1).address(BOB.address()).i64(42));

    assertThat(reason(bytes)).isEqualTo("nonce must not be negative, got -1");
  }

  @Test
  void negativeFeeIsMalformed() {
    byte[] bytes =
        signed(envelope(TxCodec.VERSION, 0, Long.MIN_VALUE, 1).address(BOB.address()).i64(42));

    assertThat(reason(bytes)).isEqualTo("fee must not be negative, got " + Long.MIN_VALUE);
  }

  @Test
  void negativeTransferAmountIsMalformed() {
    byte[] bytes = signed(transferEnvelope().address(BOB.address()).i64(-42));

    assertThat(reason(bytes)).isEqualTo("amount must not be negative, got -42");
  }

  @Test
  void negativeBondIsMalformed() {
    byte[] bytes = signed(envelope(TxCodec.VERSION, 0, 1_000, TxKind.BOND_STAKE.tag()).i64(-1));

    assertThat(reason(bytes)).isEqualTo("amount must not be negative, got -1");
  }

  @Test
  void negativeUnbondIsMalformed() {
    byte[] bytes = signed(envelope(TxCodec.VERSION, 0, 1_000, TxKind.UNBOND_STAKE.tag()).i64(-1));

    assertThat(reason(bytes)).isEqualTo("amount must not be negative, got -1");
  }

  @Test
  void negativeStakeIsMalformed() {
    byte[] bytes = signed(providerEnvelope().u16(0).string("eu").string("std").u16(0).i64(-5));

    assertThat(reason(bytes)).isEqualTo("stake must not be negative, got -5");
  }

  @Test
  void negativeGpuCountIsMalformed() {
    byte[] bytes =
        signed(
            providerEnvelope()
                .u16(1)
                .string("RTX 4090")
                .i32(24_576)
                .i32(-1)
                .string("eu")
                .string("std")
                .u16(0)
                .i64(5));

    assertThat(reason(bytes)).isEqualTo("gpu vram and count must not be negative");
  }

  @Test
  void unsortedAttributeKeysAreMalformed() {
    byte[] bytes =
        signed(
            providerEnvelope()
                .u16(0)
                .string("eu")
                .string("std")
                .u16(2)
                .string("zone")
                .string("a")
                .string("datacenter")
                .string("b")
                .i64(5));

    assertThat(reason(bytes)).isEqualTo("attributes keys must be unique and in ascending order");
  }

  @Test
  void duplicateAttributeKeysAreMalformed() {
    byte[] bytes =
        signed(
            providerEnvelope()
                .u16(0)
                .string("eu")
                .string("std")
                .u16(2)
                .string("zone")
                .string("a")
                .string("zone")
                .string("b")
                .i64(5));

    assertThat(reason(bytes)).isEqualTo("attributes keys must be unique and in ascending order");
  }

  @Test
  void tooManyAttributesAreMalformed() {
    byte[] bytes = signed(providerEnvelope().u16(0).string("eu").string("std").u16(65).i64(5));

    assertThat(reason(bytes)).isEqualTo("attributes has 65 entries, at most 64");
  }

  @Test
  void overlongAttributeValueIsMalformed() {
    byte[] bytes =
        signed(
            providerEnvelope()
                .u16(0)
                .string("eu")
                .string("std")
                .u16(1)
                .string("note")
                .string("x".repeat(257))
                .i64(5));

    assertThat(reason(bytes)).isEqualTo("attributes value is 257 bytes long, at most 256");
  }

  @Test
  void tooManyGpuGroupsAreMalformed() {
    byte[] bytes = signed(providerEnvelope().u16(65));

    assertThat(reason(bytes)).isEqualTo("provider lists 65 GPU groups, at most 64");
  }

  @Test
  void overlongChainIdIsMalformed() {
    byte[] bytes =
        signed(
            new CanonicalWriter()
                .u8(TxCodec.VERSION)
                .string("c".repeat(65))
                .publicKey(ALICE.publicKey())
                .i64(0)
                .i64(0)
                .u8(TxKind.BOND_STAKE.tag())
                .i64(1));

    assertThat(reason(bytes)).isEqualTo("chain id is 65 bytes long, at most 64");
  }

  @Test
  void invalidUtf8InTheChainIdIsMalformed() {
    CanonicalWriter w = rawString(new CanonicalWriter().u8(TxCodec.VERSION), (byte) 0xff);
    byte[] bytes =
        signed(w.publicKey(ALICE.publicKey()).i64(0).i64(0).u8(TxKind.BOND_STAKE.tag()).i64(1));

    assertThat(reason(bytes)).isEqualTo("chain id is not valid UTF-8");
  }

  @Test
  void overlongUtf8EncodingIsMalformed() {
    // 0xC0 0xAF is '/' in two bytes: accepting it would give '/' two encodings.
    CanonicalWriter w = rawString(providerEnvelope().u16(0), (byte) 0xc0, (byte) 0xaf);
    byte[] bytes = signed(w.string("std").u16(0).i64(5));

    assertThat(reason(bytes)).isEqualTo("region is not valid UTF-8");
  }

  @Test
  void encodedSurrogateIsMalformed() {
    CanonicalWriter w = rawString(providerEnvelope().u16(1), (byte) 0xed, (byte) 0xa0, (byte) 0x80);
    byte[] bytes = signed(w.i32(1).i32(1).string("eu").string("std").u16(0).i64(5));

    assertThat(reason(bytes)).isEqualTo("gpu model is not valid UTF-8");
  }

  @Test
  void multiByteTextIsAccepted() {
    byte[] utf8 = "Jörg ⚡ 𝔾".getBytes(StandardCharsets.UTF_8);
    CanonicalWriter w = rawString(providerEnvelope().u16(0), utf8);
    byte[] bytes = signed(w.string("std").u16(0).i64(5));

    DecodeResult result = TxCodec.decode(bytes);

    assertThat(result).isInstanceOf(DecodeResult.Ok.class);
    assertThat(((RegisterProvider) ((DecodeResult.Ok) result).tx().tx().body()).region())
        .isEqualTo("Jörg ⚡ 𝔾");
  }

  @Test
  void everyKindsTagRoundTrips() {
    for (TxKind kind : TxKind.values()) {
      assertThat(TxKind.ofTag(kind.tag())).contains(kind);
    }
  }
}
