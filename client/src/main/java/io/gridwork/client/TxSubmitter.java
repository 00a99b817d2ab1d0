package io.gridwork.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridwork.api.Submitted;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.error.ErrorCode;
import io.gridwork.protocol.tx.SignedTransaction;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Sends signed transactions to a node's mempool, one at a time or as a batch. */
final class TxSubmitter {
  private final NodeHttp http;

  TxSubmitter(NodeHttp http) {
    this.http = http;
  }

  /** Submits one already encoded transaction. */
  SubmitResult submit(byte[] encodedTx) {
    ObjectNode body =
        http.mapper().createObjectNode().put("tx", Base64.getEncoder().encodeToString(encodedTx));
    NodeHttp.Response r = http.send(http.post("/v1/txs", body));
    if (r.status() == 202) {
      return new SubmitResult.Accepted(http.read(r.json(), Submitted.Accepted.class).hash());
    }
    if (r.status() >= 400 && r.status() < 500 || r.status() == 503) {
      JsonNode p = r.json();
      if (p.hasNonNull("code")) {
        Hash h = p.hasNonNull("hash") ? Hash.fromHex(p.get("hash").asText()) : null;
        return new SubmitResult.Rejected(
            h, ErrorCode.ofRejection(p.get("code").asText()), p.path("detail").asText());
      }
    }
    throw http.failure(r);
  }

  /** Submits several transactions in one request; results are in the same order. */
  List<SubmitResult> submitBatch(List<SignedTransaction> txs) {
    List<byte[]> encoded = new ArrayList<>(txs.size());
    for (SignedTransaction tx : txs) {
      encoded.add(tx.encode());
    }
    return postBatch(encoded);
  }

  /** Submits pre-encoded transactions in one request, so callers can encode outside a timing. */
  List<SubmitResult> submitBatch(byte[][] encodedTxs) {
    return postBatch(List.of(encodedTxs));
  }

  /**
   * Sends the batch in the binary form (each transaction length-prefixed), which spares both sides
   * the base64 and JSON work that dominates a large JSON batch.
   */
  private List<SubmitResult> postBatch(List<byte[]> encodedTxs) {
    int size = 0;
    for (byte[] tx : encodedTxs) {
      size = Math.addExact(size, Integer.BYTES + tx.length);
    }
    ByteBuffer body = ByteBuffer.allocate(size);
    for (byte[] tx : encodedTxs) {
      body.putInt(tx.length).put(tx);
    }
    HttpRequest request =
        HttpRequest.newBuilder(http.uri("/v1/txs/batch"))
            .timeout(NodeHttp.REQUEST_TIMEOUT)
            .header("Content-Type", "application/octet-stream")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.array()))
            .build();
    Submitted.Batch batch = http.read(http.ok(http.send(request)), Submitted.Batch.class);
    List<SubmitResult> out = new ArrayList<>(encodedTxs.size());
    for (Submitted.Entry e : batch.results()) {
      out.add(
          e.accepted()
              ? new SubmitResult.Accepted(e.hash())
              : new SubmitResult.Rejected(e.hash(), ErrorCode.ofRejection(e.code()), e.message()));
    }
    return out;
  }
}
