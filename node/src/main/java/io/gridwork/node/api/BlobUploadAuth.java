package io.gridwork.node.api;

import io.gridwork.protocol.crypto.Hash;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The message a blob upload is signed over. The client's {@code BlobAuth} builds the same bytes
 * (the two modules share no code but protocol); a test signs with the client and verifies here.
 */
final class BlobUploadAuth {
  static final String DOMAIN = "gridwork-blob-upload";
  static final String JOB_HEADER = "X-Gridwork-Job";
  static final String SIGNER_HEADER = "X-Gridwork-Signer";
  static final String SIGNATURE_HEADER = "X-Gridwork-Signature";

  private BlobUploadAuth() {}

  /**
   * ASCII "gridwork-blob-upload" || UTF-8 chain id || job id (32 bytes) || blob SHA-256 (32 bytes).
   * Only the chain id varies in length, and it sits between fixed-length parts, so the layout is
   * unambiguous; the chain id keeps a signature from being replayed on another chain.
   */
  static byte[] message(String chainId, Hash jobId, Hash blob) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(DOMAIN.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(chainId.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(jobId.bytes());
    out.writeBytes(blob.bytes());
    return out.toByteArray();
  }
}
