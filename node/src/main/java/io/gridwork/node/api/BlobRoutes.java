package io.gridwork.node.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridwork.api.BlobStored;
import io.gridwork.chain.market.Job;
import io.gridwork.node.blob.BlobRetention;
import io.gridwork.node.blob.BlobStore;
import io.gridwork.node.storage.ChainStore;
import io.gridwork.protocol.crypto.Hash;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blob store over HTTP. Every request is signed by the key of someone with a part in the job
 * the blob belongs to ({@link BlobAccess} says who); a blob is served only for a job that stored
 * it, and a job's blobs go once its retention period after it ended has passed ({@link
 * BlobRetention}).
 */
final class BlobRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(BlobRoutes.class);

  private final BlobStore blobs;
  private final BlobRetention retention;
  private final BlobAccess access;
  private final ObjectMapper mapper;

  BlobRoutes(
      BlobStore blobs,
      BlobRetention retention,
      ChainStore store,
      String chainId,
      InstantSource clock,
      ObjectMapper mapper) {
    this.blobs = blobs;
    this.retention = retention;
    this.access = new BlobAccess(store, chainId, clock);
    this.mapper = mapper;
  }

  void put(Context ctx) {
    Hash hash = blobHash(ctx);
    Hash jobId = access.upload(ctx, hash).job().id();
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
              .result(mapper.writeValueAsBytes(new BlobStored(s.hash(), s.size(), s.created())));
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
    Hash hash = blobHash(ctx);
    BlobAccess.Grant grant = access.download(ctx, hash);
    BlobStore.Blob blob = requireBlob(grant, hash);
    InputStream in;
    try {
      in = Files.newInputStream(blob.path());
    } catch (NoSuchFileException e) {
      // Deleted by the retention sweep since it was looked up.
      throw notFound(grant, hash);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read blob " + blob.path(), e);
    }
    headers(ctx, blob);
    try (in) {
      in.transferTo(ctx.res().getOutputStream());
    } catch (IOException e) {
      // Headers are out, so no problem document can follow; the client sees a short body.
      LOG.debug("sending blob {} stopped: {}", blob.hash(), e.toString());
    }
  }

  void head(Context ctx) {
    Hash hash = blobHash(ctx);
    headers(ctx, requireBlob(access.download(ctx, hash), hash));
  }

  private BlobStore.Blob requireBlob(BlobAccess.Grant grant, Hash hash) {
    return blobs.find(grant.job().id(), hash).orElseThrow(() -> notFound(grant, hash));
  }

  private ProblemException notFound(BlobAccess.Grant grant, Hash hash) {
    Job job = grant.job();
    OptionalLong keptUntil = retention.keptUntilMillis(job);
    String detail = "job " + job.id() + " stores no blob " + hash + " on this node";
    if (keptUntil.isPresent()) {
      detail +=
          "; the job ended at height "
              + job.closedHeight()
              + " and its blobs are kept until "
              + Instant.ofEpochMilli(keptUntil.getAsLong())
              + " (ledger time), then deleted";
    }
    return new ProblemException(404, "BLOB_NOT_FOUND", "Blob not found", detail);
  }

  private static void headers(Context ctx, BlobStore.Blob blob) {
    ctx.status(200);
    ctx.res().setContentType("application/octet-stream");
    ctx.res().setContentLengthLong(blob.size());
    ctx.res().setHeader("ETag", "\"" + blob.hash().toHex() + "\"");
  }

  private static Hash blobHash(Context ctx) {
    return Requests.parseId(ctx.pathParam("sha256"), "BAD_HASH", "SHA-256 hash");
  }
}
