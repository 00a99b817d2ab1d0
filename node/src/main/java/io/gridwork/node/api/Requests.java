package io.gridwork.node.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.javalin.http.Context;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Locale;

/**
 * Reads what a request sends (path and query parameters, bodies within a size limit), turning
 * anything malformed into a 400 or 413 problem that says what was expected.
 */
final class Requests {
  private Requests() {}

  static boolean isOctetStream(Context ctx) {
    String type = ctx.contentType();
    return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/octet-stream");
  }

  /**
   * The request body as a stream that refuses, with {@code tooLargeCode}, to yield more than {@code
   * limit} bytes.
   */
  static InputStream bodyStream(Context ctx, int limit, String tooLargeCode) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > limit) {
      throw tooLarge(tooLargeCode, declared, limit);
    }
    try {
      return new FilterInputStream(ctx.req().getInputStream()) {
        private long read;

        @Override
        public int read() throws IOException {
          int b = super.read();
          count(b < 0 ? 0 : 1);
          return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
          int n = super.read(buffer, offset, length);
          count(Math.max(n, 0));
          return n;
        }

        @Override
        public long skip(long n) throws IOException {
          long skipped = super.skip(n);
          count(skipped);
          return skipped;
        }

        private void count(long n) {
          read += n;
          if (read > limit) {
            throw tooLarge(tooLargeCode, read, limit);
          }
        }
      };
    } catch (IOException e) {
      throw badRequest("BAD_REQUEST", "could not read the request body: " + e.getMessage());
    }
  }

  /** Reads at most {@code limit} bytes; a longer body is refused with {@code tooLargeCode}. */
  static byte[] readBody(Context ctx, int limit, String tooLargeCode) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > limit) {
      throw tooLarge(tooLargeCode, declared, limit);
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] body = in.readNBytes(limit + 1);
      if (body.length > limit) {
        throw tooLarge(tooLargeCode, body.length, limit);
      }
      return body;
    } catch (IOException e) {
      throw badRequest("BAD_REQUEST", "could not read the request body: " + e.getMessage());
    }
  }

  static ProblemException tooLarge(String code, long size, int limit) {
    return new ProblemException(
        413,
        code,
        "Payload too large",
        "request body is " + size + "+ bytes, at most " + limit + " are accepted here");
  }

  static JsonNode readJson(ObjectMapper mapper, Context ctx, int limit, String tooLargeCode) {
    byte[] body = readBody(ctx, limit, tooLargeCode);
    try {
      JsonNode node = mapper.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw badRequest("BAD_JSON", "request body is empty; expected a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw badRequest("BAD_JSON", "request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw badRequest("BAD_JSON", "request body is not valid JSON: " + e.getMessage());
    }
  }

  static byte[] base64(String text) {
    byte[] bytes = tryBase64(text);
    if (bytes == null) {
      throw badRequest("BAD_BASE64", "\"tx\" is not valid base64 (standard alphabet, padded)");
    }
    return bytes;
  }

  private static byte[] tryBase64(String text) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static Address parseAddress(String text) {
    try {
      return Address.parse(text);
    } catch (IllegalArgumentException e) {
      throw badRequest("BAD_ADDRESS", e.getMessage());
    }
  }

  static Hash parseHash(String text) {
    try {
      return Hash.fromHex(text);
    } catch (IllegalArgumentException e) {
      throw badRequest("BAD_HASH", "'" + text + "' is not a transaction hash: " + e.getMessage());
    }
  }

  static Hash parseId(String text, String code, String what) {
    try {
      return Hash.fromHex(text);
    } catch (IllegalArgumentException e) {
      throw badRequest(code, "'" + text + "' is not a " + what + ": " + e.getMessage());
    }
  }

  static ProblemException badRequest(String code, String detail) {
    return new ProblemException(400, code, "Bad request", detail);
  }

  static int limit(Context ctx, int defaultLimit, int maxLimit) {
    int limit = nonNegativeInt(ctx, "limit", defaultLimit);
    if (limit < 1 || limit > maxLimit) {
      throw badRequest("BAD_LIMIT", "limit must be 1.." + maxLimit + ", got " + limit);
    }
    return limit;
  }

  static int nonNegativeInt(Context ctx, String name, int defaultValue) {
    String text = ctx.queryParam(name);
    if (text == null) {
      return defaultValue;
    }
    int value;
    try {
      value = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw badRequest(
          "BAD_" + name.toUpperCase(Locale.ROOT), name + " '" + text + "' is not a whole number");
    }
    if (value < 0) {
      throw badRequest(
          "BAD_" + name.toUpperCase(Locale.ROOT), name + " must not be negative, got " + value);
    }
    return value;
  }
}
