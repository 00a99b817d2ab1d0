package io.gridwork.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.client.BlobAuth;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.testkit.TestKeys;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;

/** The node and the client build the upload message separately; they must agree byte for byte. */
class BlobUploadAuthTest {
  private static final KeyPair SIGNER = TestKeys.key("blob-signer");

  @Property(tries = 100)
  void theNodeVerifiesWhatTheClientSigns(
      @ForAll @AlphaChars @NumericChars @StringLength(min = 1, max = 64) String chainId,
      @ForAll byte[] job,
      @ForAll byte[] blob) {
    Hash jobId = Hash.sha256(job);
    Hash blobHash = Hash.sha256(blob);

    byte[] signature = BlobAuth.sign(SIGNER, chainId, jobId, blobHash);

    assertThat(BlobUploadAuth.message(chainId, jobId, blobHash))
        .isEqualTo(BlobAuth.message(chainId, jobId, blobHash));
    assertThat(
            SIGNER.publicKey().verify(BlobUploadAuth.message(chainId, jobId, blobHash), signature))
        .isTrue();
  }

  @Property(tries = 50)
  void aSignatureForOneBlobDoesNotAuthoriseAnother(@ForAll byte[] a, @ForAll byte[] b) {
    Hash jobId = Hash.sha256(new byte[] {1});
    Hash first = Hash.sha256(a);
    Hash second = Hash.sha256(b);
    Assume.that(!first.equals(second));

    byte[] signature = BlobAuth.sign(SIGNER, "gridwork-test", jobId, first);

    assertThat(
            SIGNER
                .publicKey()
                .verify(BlobUploadAuth.message("gridwork-test", jobId, second), signature))
        .isFalse();
  }
}
