package io.gridwork.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.client.BlobAuth;
import io.gridwork.protocol.crypto.BlobRequestAuth;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.testkit.TestKeys;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;

/** What the client signs verifies against the messages the node checks, and nothing else does. */
class BlobAuthTest {
  private static final KeyPair SIGNER = TestKeys.key("blob-signer");
  private static final Hash JOB = Hash.sha256(new byte[] {1});

  @Property(tries = 100)
  void theNodeVerifiesTheUploadsTheClientSigns(
      @ForAll @AlphaChars @NumericChars @StringLength(min = 1, max = 64) String chainId,
      @ForAll byte[] job,
      @ForAll byte[] blob) {
    Hash jobId = Hash.sha256(job);
    Hash blobHash = Hash.sha256(blob);

    byte[] signature = BlobAuth.sign(SIGNER, chainId, jobId, blobHash);

    assertThat(
            SIGNER
                .publicKey()
                .verify(BlobRequestAuth.uploadMessage(chainId, jobId, blobHash), signature))
        .isTrue();
  }

  @Property(tries = 100)
  void theNodeVerifiesTheDownloadsTheClientSigns(
      @ForAll @AlphaChars @NumericChars @StringLength(min = 1, max = 64) String chainId,
      @ForAll byte[] blob,
      @ForAll long epochSecond) {
    Hash blobHash = Hash.sha256(blob);

    byte[] signature = BlobAuth.signDownload(SIGNER, chainId, JOB, blobHash, epochSecond);

    assertThat(
            SIGNER
                .publicKey()
                .verify(
                    BlobRequestAuth.downloadMessage(chainId, JOB, blobHash, epochSecond),
                    signature))
        .isTrue();
  }

  @Property(tries = 50)
  void aSignatureForOneBlobDoesNotAuthoriseAnother(@ForAll byte[] a, @ForAll byte[] b) {
    Hash first = Hash.sha256(a);
    Hash second = Hash.sha256(b);
    Assume.that(!first.equals(second));

    byte[] signature = BlobAuth.sign(SIGNER, "gridwork-test", JOB, first);

    assertThat(
            SIGNER
                .publicKey()
                .verify(BlobRequestAuth.uploadMessage("gridwork-test", JOB, second), signature))
        .isFalse();
  }

  @Property(tries = 50)
  void anUploadSignatureDoesNotAuthoriseADownload(@ForAll byte[] blob, @ForAll long epochSecond) {
    Hash blobHash = Hash.sha256(blob);

    byte[] upload = BlobAuth.sign(SIGNER, "gridwork-test", JOB, blobHash);

    assertThat(
            SIGNER
                .publicKey()
                .verify(
                    BlobRequestAuth.downloadMessage("gridwork-test", JOB, blobHash, epochSecond),
                    upload))
        .isFalse();
  }

  @Property(tries = 50)
  void aDownloadSignatureIsBoundToItsTime(@ForAll byte[] blob, @ForAll long epochSecond) {
    Hash blobHash = Hash.sha256(blob);
    Assume.that(epochSecond != Long.MAX_VALUE);

    byte[] signature = BlobAuth.signDownload(SIGNER, "gridwork-test", JOB, blobHash, epochSecond);

    assertThat(
            SIGNER
                .publicKey()
                .verify(
                    BlobRequestAuth.downloadMessage(
                        "gridwork-test", JOB, blobHash, epochSecond + 1),
                    signature))
        .isFalse();
  }
}
