package io.gridwork.protocol.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SignedTransactionTest {
  private static final KeyPair ALICE = KeyPair.fromLabel("alice");
  private static final KeyPair BOB = KeyPair.fromLabel("bob");

  private static Transaction registration() {
    TreeMap<String, String> attributes = new TreeMap<>();
    attributes.put("datacenter", "fra-2");
    attributes.put("operator", "Jörg");
    return new Transaction(
        "gridwork-devnet",
        ALICE.publicKey(),
        3,
        1_000,
        new RegisterProvider(
            List.of(new GpuInventory("NVIDIA RTX 4090", 24_576, 2)),
            "eu-central",
            "standard",
            attributes,
            100_000_000));
  }

  @Test
  void signedTransactionVerifies() {
    assertThat(registration().sign(ALICE).verifySignature()).isTrue();
  }

  @Test
  void signingWithAKeyOtherThanTheSendersIsRefused() {
    Transaction tx = registration();

    assertThatThrownBy(() -> tx.sign(BOB))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the signing key is not the sender's key");
  }

  @Test
  void signatureByAnotherKeyDoesNotVerify() {
    Transaction tx = registration();
    SignedTransaction forged = new SignedTransaction(tx, BOB.sign(TxCodec.encodeUnsigned(tx)));

    assertThat(forged.verifySignature()).isFalse();
  }

  @Test
  void signatureCoversEveryByteOfTheSignedPart() {
    byte[] bytes = registration().sign(ALICE).encode();
    int unsignedLength = bytes.length - SignedTransaction.SIGNATURE_LENGTH;
    int stillDecodable = 0;

    for (int i = 0; i < unsignedLength; i++) {
      byte[] altered = bytes.clone();
      altered[i] ^= 0x01;

      if (TxCodec.decode(altered) instanceof DecodeResult.Ok ok) {
        assertThat(ok.tx().verifySignature()).as("byte %d altered", i).isFalse();
        stillDecodable++;
      }
    }
    assertThat(stillDecodable).isGreaterThan(unsignedLength / 2);
  }

  @Test
  void everyAlteredSignatureByteFailsVerification() {
    byte[] bytes = registration().sign(ALICE).encode();

    for (int i = bytes.length - SignedTransaction.SIGNATURE_LENGTH; i < bytes.length; i++) {
      byte[] altered = bytes.clone();
      altered[i] ^= 0x01;

      DecodeResult.Ok ok = (DecodeResult.Ok) TxCodec.decode(altered);
      assertThat(ok.tx().verifySignature()).as("byte %d altered", i).isFalse();
    }
  }

  @Test
  void hashIsTheSha256OfTheEncoding() {
    SignedTransaction stx = registration().sign(ALICE);

    assertThat(stx.hash()).isEqualTo(Hash.sha256(stx.encode()));
  }

  @Test
  void signatureOfTheWrongLengthCannotBeAttached() {
    assertThatThrownBy(() -> new SignedTransaction(registration(), new byte[63]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
