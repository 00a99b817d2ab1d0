package io.gridwork.node.api;

import java.util.Locale;

/**
 * An RFC 9457 problem document: every 4xx and 5xx answer of the API, with a stable {@code code} a
 * program can switch on and a {@code detail} a person can act on. {@code hash} names the
 * transaction a rejection is about, when there is one.
 */
record Problem(String type, String title, int status, String detail, String code, String hash) {
  static Problem of(int status, String code, String title, String detail) {
    return new Problem(typeOf(code), title, status, detail, code, null);
  }

  static Problem rejection(int status, String code, String detail, String hash) {
    return new Problem(typeOf(code), "Transaction rejected", status, detail, code, hash);
  }

  private static String typeOf(String code) {
    return "urn:gridwork:problem:" + code.toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
