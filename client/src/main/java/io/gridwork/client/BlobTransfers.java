package io.gridwork.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridwork.protocol.crypto.BlobRequestAuth;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Moves job blobs to and from a node's blob store, streamed and checked against their SHA-256, with
 * every request signed for the job it belongs to.
 */
final class BlobTransfers {
  private static final Duration BLOB_TIMEOUT = Duration.ofMinutes(30);
  private static final long ASK_FIRST_BYTES = 64 * 1024;

  private final NodeHttp http;
  private final InstantSource clock;
  private final Supplier<String> chainId;

  BlobTransfers(NodeHttp http, InstantSource clock, Supplier<String> chainId) {
    this.http = http;
    this.clock = clock;
    this.chainId = chainId;
  }

  /**
   * Uploads {@code file} to the node's blob store for {@code jobId}, signed by {@code signer} (the
   * job's buyer or a provider holding one of its leases), and returns its SHA-256. The file is
   * streamed, never held in memory. A refusal (not allowed, too large) is a {@link
   * GridworkClientException} with the node's code.
   *
   * <p>A file over {@link #ASK_FIRST_BYTES} is sent with "Expect: 100-continue", so a refusal comes
   * before the upload; a smaller one costs less to send than the extra round trip.
   */
  Hash uploadBlob(Hash jobId, KeyPair signer, Path file) {
    Hash hash = sha256(file);
    byte[] signature = BlobAuth.sign(signer, chainId.get(), jobId, hash);
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(http.uri("/v1/blobs/" + hash.toHex()))
              .timeout(BLOB_TIMEOUT)
              .expectContinue(Files.size(file) > ASK_FIRST_BYTES)
              .header("Content-Type", "application/octet-stream")
              .header("Accept", "application/json")
              .header(BlobRequestAuth.JOB_HEADER, jobId.toHex())
              .header(BlobRequestAuth.SIGNER_HEADER, signer.publicKey().toHex())
              .header(BlobRequestAuth.SIGNATURE_HEADER, HexFormat.of().formatHex(signature))
              .PUT(HttpRequest.BodyPublishers.ofFile(file))
              .build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    http.ok(http.send(request));
    return hash;
  }

  /**
   * The size of blob {@code hash} of job {@code jobId}, or empty when the node stores no such blob
   * for that job. {@code signer} must be the job's buyer, one of its providers or an auditor of one
   * of its units; anyone else gets a {@link GridworkClientException} with code {@code
   * BLOB_FORBIDDEN}.
   */
  OptionalLong blobSize(Hash jobId, KeyPair signer, Hash hash) {
    HttpResponse<Void> r =
        http.exchange(
            signedDownload(jobId, signer, hash)
                .timeout(NodeHttp.REQUEST_TIMEOUT)
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding());
    if (r.statusCode() == 404) {
      return OptionalLong.empty();
    }
    if (r.statusCode() != 200) {
      // A HEAD answer has no body, so the code comes from the status alone.
      ObjectNode problem = http.mapper().createObjectNode();
      if (r.statusCode() == 403) {
        problem.put("code", "BLOB_FORBIDDEN");
      }
      throw http.failure(new NodeHttp.Response(r.statusCode(), problem));
    }
    return OptionalLong.of(r.headers().firstValueAsLong("Content-Length").orElse(0));
  }

  /**
   * Downloads blob {@code hash} of job {@code jobId} to {@code target}, checking that what arrived
   * has that SHA-256; the file appears only once checked. The request is signed by {@code signer},
   * who must be the job's buyer, a provider with a lease of it or an auditor of one of its units.
   * Returns false when the node stores no such blob for the job (never uploaded, or deleted after
   * the node's retention period). A refusal is a {@link GridworkClientException} with the node's
   * code ({@code BLOB_FORBIDDEN}); a body with another hash is discarded and one with code {@code
   * BLOB_HASH_MISMATCH} thrown.
   */
  boolean downloadBlob(Hash jobId, KeyPair signer, Hash hash, Path target) {
    HttpResponse<InputStream> r =
        http.exchange(
            signedDownload(jobId, signer, hash).timeout(BLOB_TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = r.body()) {
      if (r.statusCode() != 200) {
        NodeHttp.Response answer = http.response(r.statusCode(), body.readAllBytes());
        if (r.statusCode() == 404 && "BLOB_NOT_FOUND".equals(answer.json().path("code").asText())) {
          return false;
        }
        throw http.failure(answer);
      }
      Path dir = target.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
      try {
        MessageDigest digest = Hash.digest();
        try (OutputStream out = Files.newOutputStream(temp)) {
          byte[] buffer = new byte[64 * 1024];
          for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
            digest.update(buffer, 0, n);
            out.write(buffer, 0, n);
          }
        }
        Hash actual = new Hash(digest.digest());
        if (!actual.equals(hash)) {
          throw new GridworkClientException(
              "blob "
                  + hash
                  + " from "
                  + http.base()
                  + " arrived with SHA-256 "
                  + actual
                  + "; it was discarded. The node's copy is damaged: fetch it from another node",
              r.statusCode(),
              "BLOB_HASH_MISMATCH",
              null);
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        return true;
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new GridworkClientException(
          "downloading blob " + hash + " from " + http.base() + " to " + target + " failed: " + e,
          0,
          null,
          e);
    }
  }

  private HttpRequest.Builder signedDownload(Hash jobId, KeyPair signer, Hash hash) {
    long now = clock.instant().getEpochSecond();
    byte[] signature = BlobAuth.signDownload(signer, chainId.get(), jobId, hash, now);
    return HttpRequest.newBuilder(http.uri("/v1/blobs/" + hash.toHex()))
        .header(BlobRequestAuth.JOB_HEADER, jobId.toHex())
        .header(BlobRequestAuth.SIGNER_HEADER, signer.publicKey().toHex())
        .header(BlobRequestAuth.TIME_HEADER, Long.toString(now))
        .header(BlobRequestAuth.SIGNATURE_HEADER, HexFormat.of().formatHex(signature));
  }

  private static Hash sha256(Path file) {
    MessageDigest digest = Hash.digest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return new Hash(digest.digest());
  }
}
