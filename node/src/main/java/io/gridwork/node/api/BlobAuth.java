package io.gridwork.node.api;

import io.gridwork.protocol.crypto.Hash;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The messages blob requests are signed over. The client's {@code BlobAuth} builds the same bytes
 * (the two modules share no code but protocol); a test signs with the client and verifies here.
 */
final class BlobAuth {
  static final String UPLOAD_DOMAIN = "gridwork-blob-upload";
  static final String DOWNLOAD_DOMAIN = "gridwork-blob-download";
  static final String JOB_HEADER = "X-Gridwork-Job";
  static final String SIGNER_HEADER = "X-Gridwork-Signer";
  static final String SIGNATURE_HEADER = "X-Gridwork-Signature";
  static final String TIME_HEADER = "X-Gridwork-Time";

  private BlobAuth() {}

  /**
   * ASCII "gridwork-blob-upload" || UTF-8 chain id || job id (32 bytes) || blob SHA-256 (32 bytes).
   * Only the chain id varies in length, and it sits between fixed-length parts, so the layout is
   * unambiguous; the chain id keeps a signature from being replayed on another chain.
   */
  static byte[] uploadMessage(String chainId, Hash jobId, Hash blob) {
    return message(UPLOAD_DOMAIN, chainId, jobId, blob).toByteArray();
  }

  /**
   * ASCII "gridwork-blob-download" || UTF-8 chain id || job id || blob SHA-256 || signing time in
   * Unix seconds (8 bytes, big-endian): the upload layout under its own domain, so neither kind of
   * signature stands for the other, plus a time that bounds how long a leaked one can be replayed.
   */
  static byte[] downloadMessage(String chainId, Hash jobId, Hash blob, long epochSecond) {
    ByteArrayOutputStream out = message(DOWNLOAD_DOMAIN, chainId, jobId, blob);
    out.writeBytes(ByteBuffer.allocate(Long.BYTES).putLong(epochSecond).array());
    return out.toByteArray();
  }

  private static ByteArrayOutputStream message(
      String domain, String chainId, Hash jobId, Hash blob) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(domain.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(chainId.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(jobId.bytes());
    out.writeBytes(blob.bytes());
    return out;
  }
}
