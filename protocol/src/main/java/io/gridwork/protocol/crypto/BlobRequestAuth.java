package io.gridwork.protocol.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The bytes a blob request is signed over and the headers that carry the signature, stated once for
 * the client that signs and the node that checks.
 */
public final class BlobRequestAuth {
  public static final String UPLOAD_DOMAIN = "gridwork-blob-upload";
  public static final String DOWNLOAD_DOMAIN = "gridwork-blob-download";
  public static final String JOB_HEADER = "X-Gridwork-Job";
  public static final String SIGNER_HEADER = "X-Gridwork-Signer";
  public static final String SIGNATURE_HEADER = "X-Gridwork-Signature";

  /** The Unix time in seconds a download was signed at; the node accepts it for a few minutes. */
  public static final String TIME_HEADER = "X-Gridwork-Time";

  private BlobRequestAuth() {}

  /**
   * ASCII "gridwork-blob-upload" || UTF-8 chain id || job id (32 bytes) || blob SHA-256 (32 bytes).
   * Only the chain id varies in length, and it sits between fixed-length parts, so the layout is
   * unambiguous; the chain id keeps a signature from being replayed on another chain.
   */
  public static byte[] uploadMessage(String chainId, Hash jobId, Hash blob) {
    return message(UPLOAD_DOMAIN, chainId, jobId, blob).toByteArray();
  }

  /**
   * ASCII "gridwork-blob-download" || UTF-8 chain id || job id || blob SHA-256 || signing time in
   * Unix seconds (8 bytes, big-endian): the upload layout under its own domain, so neither kind of
   * signature stands for the other, plus a time that bounds how long a leaked one can be replayed.
   */
  public static byte[] downloadMessage(String chainId, Hash jobId, Hash blob, long epochSecond) {
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
