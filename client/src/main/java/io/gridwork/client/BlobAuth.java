package io.gridwork.client;

import io.gridwork.protocol.crypto.BlobRequestAuth;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;

/**
 * Signs blob requests: the node stores a blob for a job only when its buyer or one of its lease
 * holders signed the pair (job, blob hash), and hands one out only when the job's buyer, one of its
 * providers or one of its auditors signed (job, blob hash, time). The bytes signed are {@link
 * BlobRequestAuth}'s, which the node checks against.
 */
public final class BlobAuth {
  private BlobAuth() {}

  /** The Ed25519 signature of {@link BlobRequestAuth#uploadMessage} by {@code signer}. */
  public static byte[] sign(KeyPair signer, String chainId, Hash jobId, Hash blob) {
    return signer.sign(BlobRequestAuth.uploadMessage(chainId, jobId, blob));
  }

  /** The Ed25519 signature of {@link BlobRequestAuth#downloadMessage} by {@code signer}. */
  public static byte[] signDownload(
      KeyPair signer, String chainId, Hash jobId, Hash blob, long epochSecond) {
    return signer.sign(BlobRequestAuth.downloadMessage(chainId, jobId, blob, epochSecond));
  }
}
