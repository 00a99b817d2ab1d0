package io.gridwork.node.api;

import static io.gridwork.node.api.Requests.badRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridwork.api.Submitted;
import io.gridwork.api.TxStatus;
import io.gridwork.node.mempool.Admission;
import io.gridwork.node.mempool.Mempool;
import io.gridwork.node.metrics.NodeMetrics;
import io.gridwork.node.storage.ChainStore;
import io.gridwork.node.storage.CommittedTx;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.error.RejectCode;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.protocol.tx.TxCodec;
import io.javalin.http.Context;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The transaction routes: submit one or a batch to the mempool, and ask where one is. */
final class TxRoutes {
  /** A single transaction body: base64 of the largest transaction plus JSON framing. */
  static final int MAX_TX_BODY_BYTES = 4 * TxCodec.MAX_TX_BYTES / 3 + 1024;

  /** Transfers are ~200 bytes; this admits full batches of them with room to spare. */
  static final int MAX_BATCH_BODY_BYTES = 64 * 1024 * 1024;

  private final ChainStore store;
  private final Mempool mempool;
  private final NodeMetrics metrics;
  private final BatchAdapter batches;
  private final ObjectMapper mapper;
  private final Answers answers;

  TxRoutes(
      ChainStore store,
      Mempool mempool,
      NodeMetrics metrics,
      int maxBatchTxs,
      ObjectMapper mapper,
      Answers answers) {
    this.store = store;
    this.mempool = mempool;
    this.metrics = metrics;
    this.batches = new BatchAdapter(maxBatchTxs);
    this.mapper = mapper;
    this.answers = answers;
  }

  void submit(Context ctx) {
    byte[] tx;
    if (Requests.isOctetStream(ctx)) {
      tx = Requests.readBody(ctx, MAX_TX_BODY_BYTES, "TOO_LARGE");
    } else {
      JsonNode body = Requests.readJson(mapper, ctx, MAX_TX_BODY_BYTES, "TOO_LARGE");
      JsonNode field = body.get("tx");
      if (!body.isObject() || field == null || !field.isTextual()) {
        throw badRequest(
            "BAD_REQUEST",
            "expected {\"tx\": \"<base64 of the encoded transaction>\"} or an"
                + " application/octet-stream body");
      }
      tx = Requests.base64(field.textValue());
    }
    switch (record(mempool.submit(tx, store.state()))) {
      case Admission.Accepted a ->
          answers.json(ctx, 202, new Submitted.Accepted(a.hash(), "pending"));
      case Admission.Rejected r -> {
        answers.problem(
            ctx,
            Problem.rejection(
                statusOf(r.code()),
                r.code().name(),
                r.message(),
                r.hash() == null ? null : r.hash().toHex()));
      }
    }
  }

  void submitBatch(Context ctx) {
    // Entries that cannot be transactions get their answer here; the rest go to the mempool
    // together.
    InputStream body = Requests.bodyStream(ctx, MAX_BATCH_BODY_BYTES, "PAYLOAD_TOO_LARGE");
    List<BatchAdapter.Entry> entries =
        Requests.isOctetStream(ctx)
            ? batches.framed(body, ctx.req().getContentLengthLong())
            : batches.json(mapper.getFactory(), body);
    Submitted.Entry[] out = new Submitted.Entry[entries.size()];
    List<byte[]> decoded = new ArrayList<>(entries.size());
    List<Integer> positions = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      switch (entries.get(i)) {
        case BatchAdapter.Refused r -> {
          metrics.rejected(r.code());
          out[i] = new Submitted.Entry(null, false, r.code().name(), r.message());
        }
        case BatchAdapter.Bytes b -> {
          decoded.add(b.tx());
          positions.add(i);
        }
      }
    }
    List<Admission> admissions = mempool.submitBatch(decoded, store.state());
    for (int j = 0; j < admissions.size(); j++) {
      out[positions.get(j)] =
          switch (record(admissions.get(j))) {
            case Admission.Accepted a -> new Submitted.Entry(a.hash(), true, null, null);
            case Admission.Rejected r ->
                new Submitted.Entry(r.hash(), false, r.code().name(), r.message());
          };
    }
    answers.json(ctx, 200, new Submitted.Batch(List.of(out)));
  }

  private Admission record(Admission a) {
    if (a instanceof Admission.Rejected r) {
      metrics.rejected(r.code());
    }
    return a;
  }

  private static int statusOf(RejectCode code) {
    return switch (code) {
      case TOO_LARGE -> 413;
      case NONCE_TOO_LOW, NONCE_ALREADY_PENDING, DUPLICATE, ALREADY_COMMITTED -> 409;
      case MEMPOOL_FULL -> 503;
      case TOO_MANY_PENDING -> 429;
      case MALFORMED,
          WRONG_CHAIN_ID,
          BAD_SIGNATURE,
          UNKNOWN_ACCOUNT,
          INSUFFICIENT_FEE_FUNDS,
          FEE_TOO_LOW,
          NONCE_TOO_FAR_AHEAD ->
          400;
    };
  }

  void tx(Context ctx) {
    Hash hash = Requests.parseHash(ctx.pathParam("hash"));
    Optional<SignedTransaction> pending = mempool.pending(hash);
    if (pending.isPresent()) {
      answers.json(ctx, 200, Views.pending(hash, pending.get()));
      return;
    }
    // Checked after the mempool: a transaction leaves the mempool only once its block is stored.
    Optional<CommittedTx> committed = store.committedTx(hash);
    if (committed.isPresent()) {
      CommittedTx c = committed.get();
      answers.json(
          ctx,
          200,
          Views.committed(hash, c.location().height(), c.location().index(), c.result(), c.tx()));
      return;
    }
    answers.json(ctx, 200, TxStatus.unknown(hash));
  }
}
