package io.gridwork.node.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.gridwork.protocol.error.RejectCode;
import io.gridwork.protocol.tx.TxCodec;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Decodes the entries of a {@code POST /v1/txs/batch} body as it arrives. The count limit is
 * checked before each entry is taken and a binary entry's declared length before its bytes are, so
 * a body of millions of empty entries costs no more than the limit's worth of them.
 */
final class BatchAdapter {
  private final int maxTxs;

  BatchAdapter(int maxTxs) {
    this.maxTxs = maxTxs;
  }

  /** One entry of a batch: the bytes to hand the mempool, or why it never gets there. */
  sealed interface Entry {}

  record Bytes(byte[] tx) implements Entry {}

  record Refused(RejectCode code, String message) implements Entry {}

  /** The entries of {@code {"txs": ["<base64>", ...]}}; other members are skipped unread. */
  List<Entry> json(JsonFactory factory, InputStream body) {
    try (JsonParser p = factory.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw wrongShape();
      }
      List<Entry> entries = null;
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("txs") && value == JsonToken.START_ARRAY && entries == null) {
          entries = jsonEntries(p);
        } else {
          p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT) {
        throw Requests.badRequest("BAD_JSON", "request body is not valid JSON: it ends early");
      }
      if (entries == null) {
        throw wrongShape();
      }
      return entries;
    } catch (JsonProcessingException e) {
      throw Requests.badRequest(
          "BAD_JSON", "request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw Requests.badRequest(
          "BAD_REQUEST", "could not read the request body: " + e.getMessage());
    }
  }

  private List<Entry> jsonEntries(JsonParser p) throws IOException {
    List<Entry> entries = new ArrayList<>();
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == null) {
        throw Requests.badRequest("BAD_JSON", "request body is not valid JSON: it ends early");
      }
      requireRoom(entries.size());
      if (t == JsonToken.VALUE_STRING) {
        entries.add(base64(p.getText(), entries.size()));
      } else {
        p.skipChildren();
        entries.add(
            new Refused(
                RejectCode.MALFORMED, "entry " + entries.size() + " is not a base64 string"));
      }
    }
    return entries;
  }

  private static Entry base64(String text, int index) {
    try {
      return new Bytes(Base64.getDecoder().decode(text));
    } catch (IllegalArgumentException e) {
      return new Refused(RejectCode.MALFORMED, "entry " + index + " is not a base64 string");
    }
  }

  /**
   * The entries of a binary batch: each transaction's encoded bytes preceded by their length as a
   * 4-byte big-endian integer, back to back to the end of the body. It spares both sides the base64
   * and JSON work of a large batch. {@code declaredLength} is the body's Content-Length, or -1.
   */
  List<Entry> framed(InputStream body, long declaredLength) {
    List<Entry> entries = new ArrayList<>();
    long consumed = 0;
    try {
      while (true) {
        byte[] prefix = body.readNBytes(Integer.BYTES);
        if (prefix.length == 0) {
          return entries;
        }
        if (prefix.length < Integer.BYTES) {
          throw Requests.badRequest(
              "BAD_REQUEST",
              "entry "
                  + entries.size()
                  + " has a truncated length prefix; each entry is a 4-byte big-endian length and"
                  + " that many bytes");
        }
        consumed += Integer.BYTES;
        int length =
            (prefix[0] & 0xff) << 24
                | (prefix[1] & 0xff) << 16
                | (prefix[2] & 0xff) << 8
                | (prefix[3] & 0xff);
        long remaining = declaredLength < 0 ? Long.MAX_VALUE : declaredLength - consumed;
        if (length < 0 || length > remaining) {
          throw truncated(entries.size(), length, remaining + " remain in the body");
        }
        requireRoom(entries.size());
        if (length > TxCodec.MAX_TX_BYTES) {
          try {
            body.skipNBytes(length);
          } catch (EOFException e) {
            throw truncated(entries.size(), length, "the body ends before them");
          }
          entries.add(
              new Refused(
                  RejectCode.TOO_LARGE,
                  "transaction is " + length + " bytes, at most " + TxCodec.MAX_TX_BYTES));
        } else {
          byte[] tx = body.readNBytes(length);
          if (tx.length < length) {
            throw truncated(entries.size(), length, "only " + tx.length + " remain in the body");
          }
          entries.add(new Bytes(tx));
        }
        consumed += length;
      }
    } catch (IOException e) {
      throw Requests.badRequest(
          "BAD_REQUEST", "could not read the request body: " + e.getMessage());
    }
  }

  private void requireRoom(int taken) {
    if (taken >= maxTxs) {
      throw new ProblemException(
          413,
          "BATCH_TOO_LARGE",
          "Batch too large",
          "batch has more than "
              + maxTxs
              + " transactions; split it into batches of at most "
              + maxTxs);
    }
  }

  private static ProblemException truncated(int index, long length, String butWhat) {
    return Requests.badRequest(
        "BAD_REQUEST", "entry " + index + " declares " + length + " bytes but " + butWhat);
  }

  private static ProblemException wrongShape() {
    return Requests.badRequest(
        "BAD_REQUEST",
        "expected {\"txs\": [\"<base64>\", ...]} or an application/octet-stream body of"
            + " length-prefixed transactions");
  }
}
