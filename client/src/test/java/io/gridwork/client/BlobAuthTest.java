package io.gridwork.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.protocol.crypto.BlobRequestAuth;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.testkit.TestKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BlobAuthTest {
  private static final Hash JOB = Hash.sha256(new byte[] {1});
  private static final Hash BLOB = Hash.sha256(new byte[] {2});

  @Test
  void theMessageIsDomainThenChainIdThenJobIdThenBlobHash() {
    byte[] expected =
        ByteBuffer.allocate(20 + 13 + 32 + 32)
            .put("gridwork-blob-upload".getBytes(StandardCharsets.US_ASCII))
            .put("gridwork-test".getBytes(StandardCharsets.UTF_8))
            .put(JOB.bytes())
            .put(BLOB.bytes())
            .array();

    assertThat(BlobRequestAuth.uploadMessage("gridwork-test", JOB, BLOB)).isEqualTo(expected);
  }

  @Test
  void theSignatureVerifiesWithTheSignersPublicKey() {
    KeyPair signer = TestKeys.key("uploader");

    byte[] signature = BlobAuth.sign(signer, "gridwork-test", JOB, BLOB);

    assertThat(
            signer
                .publicKey()
                .verify(BlobRequestAuth.uploadMessage("gridwork-test", JOB, BLOB), signature))
        .isTrue();
  }
}
