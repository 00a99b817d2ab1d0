package io.gridwork.client;

import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Signs blob uploads: the node stores a blob for a job only when its buyer or one of its lease
 * holders signed the pair (job, blob hash). The node builds the same message on its side (the two
 * modules share only protocol); a node test verifies what this class signs.
 */
public final class BlobAuth {
  public static final String DOMAIN = "gridwork-blob-upload";
  public static final String JOB_HEADER = "X-Gridwork-Job";
  public static final String SIGNER_HEADER = "X-Gridwork-Signer";
  public static final String SIGNATURE_HEADER = "X-Gridwork-Signature";

  private BlobAuth() {}

  /**
   * ASCII "gridwork-blob-upload" || UTF-8 chain id || job id (32 bytes) || blob SHA-256 (32 bytes).
   * Only the chain id varies in length and the parts after it are fixed, so the layout is
   * unambiguous; the chain id keeps a signature from being replayed on another chain.
   */
  public static byte[] message(String chainId, Hash jobId, Hash blob) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(DOMAIN.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(chainId.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(jobId.bytes());
    out.writeBytes(blob.bytes());
    return out.toByteArray();
  }

  /** The Ed25519 signature of {@link #message} by {@code signer}. */
  public static byte[] sign(KeyPair signer, String chainId, Hash jobId, Hash blob) {
    return signer.sign(message(chainId, jobId, blob));
  }
}
