package io.gridwork.client;

import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Signs blob requests: the node stores a blob for a job only when its buyer or one of its lease
 * holders signed the pair (job, blob hash), and hands one out only when the job's buyer, one of its
 * providers or one of its auditors signed (job, blob hash, time). The node builds the same messages
 * on its side (the two modules share only protocol); a node test verifies what this class signs.
 */
public final class BlobAuth {
  public static final String DOMAIN = "gridwork-blob-upload";
  public static final String DOWNLOAD_DOMAIN = "gridwork-blob-download";
  public static final String JOB_HEADER = "X-Gridwork-Job";
  public static final String SIGNER_HEADER = "X-Gridwork-Signer";
  public static final String SIGNATURE_HEADER = "X-Gridwork-Signature";

  /** The Unix time in seconds a download was signed at; the node accepts it for a few minutes. */
  public static final String TIME_HEADER = "X-Gridwork-Time";

  private BlobAuth() {}

  /**
   * ASCII "gridwork-blob-upload" || UTF-8 chain id || job id (32 bytes) || blob SHA-256 (32 bytes).
   * Only the chain id varies in length and the parts after it are fixed, so the layout is
   * unambiguous; the chain id keeps a signature from being replayed on another chain.
   */
  public static byte[] message(String chainId, Hash jobId, Hash blob) {
    return message(DOMAIN, chainId, jobId, blob).toByteArray();
  }

  /**
   * ASCII "gridwork-blob-download" || UTF-8 chain id || job id || blob SHA-256 || signing time in
   * Unix seconds (8 bytes, big-endian). The time bounds how long a signature that leaks (a proxy
   * log) can be replayed; the other domain keeps an upload signature from authorising a download.
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

  /** The Ed25519 signature of {@link #message} by {@code signer}. */
  public static byte[] sign(KeyPair signer, String chainId, Hash jobId, Hash blob) {
    return signer.sign(message(chainId, jobId, blob));
  }

  /** The Ed25519 signature of {@link #downloadMessage} by {@code signer}. */
  public static byte[] signDownload(
      KeyPair signer, String chainId, Hash jobId, Hash blob, long epochSecond) {
    return signer.sign(downloadMessage(chainId, jobId, blob, epochSecond));
  }
}
