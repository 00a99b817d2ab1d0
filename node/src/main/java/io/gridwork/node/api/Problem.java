package io.gridwork.node.api;

/**
 * An RFC 9457 problem document: every 4xx and 5xx answer of the API, with a stable {@code code} a
 * program can switch on and a {@code detail} a person can act on.
 */
record Problem(String type, String title, int status, String detail, String code) {
  static Problem of(int status, String code, String title, String detail) {
    return new Problem(
        "urn:gridwork:problem:" + code.toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
        title,
        status,
        detail,
        code);
  }
}
