package io.gridwork.node.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridwork.chain.market.Job;
import io.gridwork.chain.market.Market;
import io.gridwork.chain.state.ReadableState;
import io.gridwork.node.api.Views.BlobView;
import io.gridwork.node.blob.BlobStore;
import io.gridwork.node.storage.ChainStore;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.PublicKey;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blob store over HTTP: anyone may read a blob by its hash; only the buyer of a job or a
 * provider holding one of its active leases may store one, proven by a signature over the upload.
 */
final class BlobRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(BlobRoutes.class);
  private static final int SIGNATURE_BYTES = 64;

  private final BlobStore blobs;
  private final ChainStore store;
  private final String chainId;
  private final ObjectMapper mapper;

  BlobRoutes(BlobStore blobs, ChainStore store, String chainId, ObjectMapper mapper) {
    this.blobs = blobs;
    this.store = store;
    this.chainId = chainId;
    this.mapper = mapper;
  }

  void put(Context ctx) {
    Hash hash = blobHash(ctx);
    Hash jobId = authorise(ctx, hash);
    long declared = ctx.req().getContentLengthLong();
    BlobStore.PutResult result;
    // Refusing on the declared length before touching the body lets a client that sent
    // "Expect: 100-continue" learn the answer without uploading anything.
    Optional<BlobStore.PutResult.TooLarge> early = blobs.precheck(jobId, declared);
    if (early.isPresent()) {
      result = early.get();
    } else {
      try (InputStream body = ctx.req().getInputStream()) {
        result = blobs.put(jobId, hash, body, declared);
      } catch (IOException e) {
        result = new BlobStore.PutResult.Incomplete("could not read the body: " + e.getMessage());
      }
    }
    switch (result) {
      case BlobStore.PutResult.Stored s -> {
        try {
          ctx.status(s.created() ? 201 : 200)
              .contentType("application/json")
              .result(
                  mapper.writeValueAsBytes(new BlobView(s.hash().toHex(), s.size(), s.created())));
        } catch (JsonProcessingException e) {
          throw new IllegalStateException("cannot serialise a blob view", e);
        }
      }
      case BlobStore.PutResult.HashMismatch m ->
          throw new ProblemException(
              422,
              "HASH_MISMATCH",
              "Hash mismatch",
              "the body's SHA-256 is "
                  + m.actual()
                  + ", not "
                  + m.expected()
                  + " as the URL says; nothing was stored");
      case BlobStore.PutResult.TooLarge t ->
          throw new ProblemException(413, "BLOB_TOO_LARGE", "Blob too large", t.message());
      case BlobStore.PutResult.Incomplete i ->
          throw new ProblemException(
              400, "UPLOAD_INCOMPLETE", "Upload incomplete", i.message() + "; nothing was stored");
    }
  }

  void get(Context ctx) {
    BlobStore.Blob blob = requireBlob(ctx);
    headers(ctx, blob);
    try (InputStream in = Files.newInputStream(blob.path())) {
      in.transferTo(ctx.res().getOutputStream());
    } catch (IOException e) {
      // Headers are out, so no problem document can follow; the client sees a short body.
      LOG.debug("sending blob {} stopped: {}", blob.hash(), e.toString());
    }
  }

  void head(Context ctx) {
    headers(ctx, requireBlob(ctx));
  }

  private BlobStore.Blob requireBlob(Context ctx) {
    Hash hash = blobHash(ctx);
    return blobs
        .find(hash)
        .orElseThrow(
            () ->
                new ProblemException(
                    404, "BLOB_NOT_FOUND", "Blob not found", "this node stores no blob " + hash));
  }

  private static void headers(Context ctx, BlobStore.Blob blob) {
    ctx.status(200);
    ctx.res().setContentType("application/octet-stream");
    ctx.res().setContentLengthLong(blob.size());
    ctx.res().setHeader("ETag", "\"" + blob.hash().toHex() + "\"");
  }

  private static Hash blobHash(Context ctx) {
    return NodeApi.parseId(ctx.pathParam("sha256"), "BAD_HASH", "SHA-256 hash");
  }

  /** Checks the upload's signature and the signer's part in the job; returns the job id. */
  private Hash authorise(Context ctx, Hash blob) {
    String jobText = ctx.header(BlobUploadAuth.JOB_HEADER);
    String signerText = ctx.header(BlobUploadAuth.SIGNER_HEADER);
    String signatureText = ctx.header(BlobUploadAuth.SIGNATURE_HEADER);
    if (jobText == null || signerText == null || signatureText == null) {
      throw new ProblemException(
          401,
          "BLOB_AUTH_MISSING",
          "Upload not signed",
          "an upload needs the headers "
              + BlobUploadAuth.JOB_HEADER
              + ", "
              + BlobUploadAuth.SIGNER_HEADER
              + " and "
              + BlobUploadAuth.SIGNATURE_HEADER
              + "; the Java client's uploadBlob sets them");
    }
    Hash jobId = NodeApi.parseId(jobText.trim(), "BAD_JOB_ID", "job id");
    PublicKey signer;
    try {
      signer = PublicKey.fromHex(signerText.trim());
    } catch (IllegalArgumentException e) {
      throw NodeApi.badRequest(
          "BAD_SIGNER",
          BlobUploadAuth.SIGNER_HEADER + " is not an Ed25519 public key in hex: " + e.getMessage());
    }
    byte[] signature = signature(signatureText.trim());
    if (signature == null
        || !signer.verify(BlobUploadAuth.message(chainId, jobId, blob), signature)) {
      throw new ProblemException(
          401,
          "BAD_BLOB_SIGNATURE",
          "Bad upload signature",
          "the signature does not sign this upload (job "
              + jobId
              + ", blob "
              + blob
              + ", chain "
              + chainId
              + ") with the key in "
              + BlobUploadAuth.SIGNER_HEADER);
    }
    ReadableState state = store.state();
    Job job =
        Market.job(state, jobId)
            .orElseThrow(
                () ->
                    new ProblemException(
                        404,
                        "JOB_NOT_FOUND",
                        "Job not found",
                        "no job has id " + jobId + "; blobs are stored for existing jobs only"));
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
    return jobId;
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
