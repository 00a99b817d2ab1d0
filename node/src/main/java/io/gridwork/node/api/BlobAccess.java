package io.gridwork.node.api;

import io.gridwork.chain.audit.Audits;
import io.gridwork.chain.market.Job;
import io.gridwork.chain.market.Market;
import io.gridwork.chain.state.ReadableState;
import io.gridwork.node.storage.ChainStore;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.BlobRequestAuth;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.PublicKey;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;

/**
 * Decides who may store and who may read a job's blobs, from a signature over the request and the
 * signer's part in the job on the ledger. Storing: the buyer, or a provider holding an active
 * lease, while the job runs. Reading: the buyer, a provider with any lease of the job (a closed one
 * too: its units may be audited or resumed from its checkpoints) or an auditor assigned to one of
 * its units.
 */
final class BlobAccess {
  /** How far a download's signing time may be from the node's clock, either way. */
  static final Duration SIGNATURE_WINDOW = Duration.ofMinutes(5);

  private static final int SIGNATURE_BYTES = 64;

  private final ChainStore store;
  private final String chainId;
  private final InstantSource clock;

  BlobAccess(ChainStore store, String chainId, InstantSource clock) {
    this.store = store;
    this.chainId = chainId;
    this.clock = clock;
  }

  /** Who signed, for which job, as the ledger holds it now. */
  record Grant(Job job, Address signer) {}

  /**
   * Checks an upload of {@code blob}: its signature, the signer's part in the job and that the job
   * still runs. Throws the {@link ProblemException} to answer otherwise.
   */
  Grant upload(Context ctx, Hash blob) {
    Hash jobId = jobId(ctx);
    PublicKey signer = signer(ctx);
    verify(ctx, signer, BlobRequestAuth.uploadMessage(chainId, jobId, blob), "upload", jobId, blob);
    ReadableState state = store.state();
    Job job = job(state, jobId);
    Address address = signer.address();
    boolean allowed =
        job.buyer().equals(address)
            || Market.leases(state, jobId).stream()
                .anyMatch(l -> l.active() && l.provider().equals(address));
    if (!allowed) {
      throw new ProblemException(
          403,
          "BLOB_FORBIDDEN",
          "Upload not allowed",
          address
              + " may not store blobs for job "
              + jobId
              + ": only its buyer and providers holding an active lease of it may");
    }
    if (job.status().finished()) {
      throw new ProblemException(
          409,
          "JOB_ENDED",
          "Job has ended",
          "job "
              + jobId
              + " ended at height "
              + job.closedHeight()
              + " ("
              + job.status()
              + "); the node stores no more blobs for it and deletes those it has once its"
              + " retention period passes");
    }
    return new Grant(job, address);
  }

  /**
   * Checks a download of {@code blob}: its signature and signing time, and the signer's part in the
   * job. Throws the {@link ProblemException} to answer otherwise, before the blob store is asked
   * anything, so a refused caller learns nothing about which blobs exist.
   */
  Grant download(Context ctx, Hash blob) {
    Hash jobId = jobId(ctx);
    PublicKey signer = signer(ctx);
    long signedAt = signedAt(ctx);
    verify(
        ctx,
        signer,
        BlobRequestAuth.downloadMessage(chainId, jobId, blob, signedAt),
        "download",
        jobId,
        blob);
    long now = clock.instant().getEpochSecond();
    if (Math.abs(now - signedAt) > SIGNATURE_WINDOW.toSeconds()) {
      throw new ProblemException(
          401,
          "BLOB_SIGNATURE_EXPIRED",
          "Download signature out of date",
          "the download was signed at Unix time "
              + signedAt
              + " but the node's clock says "
              + now
              + "; a signature is good for "
              + SIGNATURE_WINDOW.toMinutes()
              + " minutes either way: sign again, and check this machine's clock");
    }
    ReadableState state = store.state();
    Job job = job(state, jobId);
    Address address = signer.address();
    boolean allowed =
        job.buyer().equals(address)
            || Market.leases(state, jobId).stream().anyMatch(l -> l.provider().equals(address))
            || Audits.ofJob(state, jobId).stream().anyMatch(a -> a.auditor().equals(address));
    if (!allowed) {
      throw new ProblemException(
          403,
          "BLOB_FORBIDDEN",
          "Download not allowed",
          address
              + " may not read the blobs of job "
              + jobId
              + ": only its buyer, providers that held a lease of it and auditors of its units"
              + " may");
    }
    return new Grant(job, address);
  }

  private static Hash jobId(Context ctx) {
    String text = ctx.header(BlobRequestAuth.JOB_HEADER);
    if (text == null
        || ctx.header(BlobRequestAuth.SIGNER_HEADER) == null
        || ctx.header(BlobRequestAuth.SIGNATURE_HEADER) == null) {
      throw new ProblemException(
          401,
          "BLOB_AUTH_MISSING",
          "Request not signed",
          "reading or storing a blob needs the headers "
              + BlobRequestAuth.JOB_HEADER
              + ", "
              + BlobRequestAuth.SIGNER_HEADER
              + " and "
              + BlobRequestAuth.SIGNATURE_HEADER
              + " (and "
              + BlobRequestAuth.TIME_HEADER
              + " to read); the Java client's uploadBlob and downloadBlob set them");
    }
    return Requests.parseId(text.trim(), "BAD_JOB_ID", "job id");
  }

  private static PublicKey signer(Context ctx) {
    try {
      return PublicKey.fromHex(ctx.header(BlobRequestAuth.SIGNER_HEADER).trim());
    } catch (IllegalArgumentException e) {
      throw Requests.badRequest(
          "BAD_SIGNER",
          BlobRequestAuth.SIGNER_HEADER
              + " is not an Ed25519 public key in hex: "
              + e.getMessage());
    }
  }

  private static long signedAt(Context ctx) {
    String text = ctx.header(BlobRequestAuth.TIME_HEADER);
    if (text == null) {
      throw new ProblemException(
          401,
          "BLOB_AUTH_MISSING",
          "Request not signed",
          "a download needs the header "
              + BlobRequestAuth.TIME_HEADER
              + " with the Unix time in seconds it was signed at; the Java client's downloadBlob"
              + " sets it");
    }
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw Requests.badRequest(
          "BAD_SIGNING_TIME",
          BlobRequestAuth.TIME_HEADER + " must be Unix time in whole seconds, got '" + text + "'");
    }
  }

  private void verify(
      Context ctx, PublicKey signer, byte[] message, String what, Hash jobId, Hash blob) {
    byte[] signature = signature(ctx.header(BlobRequestAuth.SIGNATURE_HEADER).trim());
    if (signature == null || !signer.verify(message, signature)) {
      throw new ProblemException(
          401,
          "BAD_BLOB_SIGNATURE",
          "Bad " + what + " signature",
          "the signature does not sign this "
              + what
              + " (job "
              + jobId
              + ", blob "
              + blob
              + ", chain "
              + chainId
              + ") with the key in "
              + BlobRequestAuth.SIGNER_HEADER);
    }
  }

  private static Job job(ReadableState state, Hash jobId) {
    return Market.job(state, jobId)
        .orElseThrow(
            () ->
                new ProblemException(
                    404,
                    "JOB_NOT_FOUND",
                    "Job not found",
                    "no job has id " + jobId + "; blobs are stored for existing jobs only"));
  }

  private static byte[] signature(String hex) {
    try {
      byte[] bytes = HexFormat.of().parseHex(hex);
      return bytes.length == SIGNATURE_BYTES ? bytes : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
