package io.gridwork.protocol.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.Hash;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads typed values out of a YAML tree while collecting every error with its path, so that one
 * pass reports all of a spec's problems. A value that cannot be read yields the caller's default
 * and marks its path as failed; later checks on a failed path are dropped so that one mistake is
 * not reported twice.
 */
final class FieldReader {
  private final List<SpecError> errors = new ArrayList<>();
  private final Set<String> failed = new LinkedHashSet<>();

  List<SpecError> errors() {
    return errors;
  }

  void error(String path, String message) {
    errors.add(new SpecError(path, message));
    failed.add(path);
  }

  /** Whether {@code path} or anything it contains or is contained by has already failed. */
  boolean hasFailed(String path) {
    for (String f : failed) {
      if (f.equals(path) || isWithin(path, f) || isWithin(f, path)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isWithin(String inner, String outer) {
    return outer.isEmpty() || inner.startsWith(outer + ".") || inner.startsWith(outer + "[");
  }

  static String at(String parent, String key) {
    return parent.isEmpty() ? key : parent + "." + key;
  }

  static String at(String parent, int index) {
    return parent + "[" + index + "]";
  }

  /** The node as a mapping, reporting unknown keys; empty when it is not a mapping. */
  Optional<JsonNode> mapping(JsonNode node, String path, List<String> known) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return Optional.empty();
    }
    if (!node.isObject()) {
      error(path, "must be a mapping of " + String.join(", ", known));
      return Optional.empty();
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String key = names.next();
      if (!known.contains(key)) {
        error(at(path, key), KeySuggestion.unknownKeyMessage(key, known));
      }
    }
    return Optional.of(node);
  }

  static JsonNode child(Optional<JsonNode> parent, String key) {
    return parent.map(p -> p.get(key)).orElse(null);
  }

  static boolean absent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  String string(JsonNode node, String path, String fallback) {
    if (absent(node)) {
      return fallback;
    }
    if (!node.isValueNode()) {
      error(path, "must be a single value, not a list or mapping");
      return fallback;
    }
    return node.asText();
  }

  String requiredString(JsonNode node, String path, String example) {
    if (absent(node)) {
      error(path, "is required, e.g. " + example);
      return "";
    }
    return string(node, path, "");
  }

  long integer(JsonNode node, String path, long fallback) {
    if (absent(node)) {
      return fallback;
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      error(path, "must be a whole number, got '" + node.asText() + "'");
      return fallback;
    }
    return node.longValue();
  }

  int integer32(JsonNode node, String path, int fallback) {
    long value = integer(node, path, fallback);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      error(path, "is out of range, got " + value);
      return fallback;
    }
    return (int) value;
  }

  boolean bool(JsonNode node, String path, boolean fallback) {
    if (absent(node)) {
      return fallback;
    }
    if (!node.isBoolean()) {
      error(path, "must be true or false, got '" + node.asText() + "'");
      return fallback;
    }
    return node.booleanValue();
  }

  long amount(JsonNode node, String path) {
    if (absent(node)) {
      return 0;
    }
    if (!node.isValueNode()) {
      error(path, "must be an amount such as 0.05GRID or 50000ugrid");
      return 0;
    }
    try {
      return Amount.parse(node.asText()).ugrid();
    } catch (IllegalArgumentException e) {
      error(path, e.getMessage());
      return 0;
    }
  }

  long cpuMillis(JsonNode node, String path, long fallback) {
    if (absent(node)) {
      return fallback;
    }
    Optional<Long> millis =
        node.isValueNode() ? Quantities.cpuMillis(node.asText()) : Optional.empty();
    if (millis.isEmpty()) {
      error(
          path,
          "must be CPU cores such as 2 or 0.5, or millicores such as 500m, got '"
              + node.asText()
              + "'");
      return fallback;
    }
    return millis.get();
  }

  /** A size that must carry a unit, so that nobody asks for 8 bytes of memory meaning 8 GiB. */
  long sizeMib(JsonNode node, String path, long fallback) {
    if (absent(node)) {
      return fallback;
    }
    String text = node.asText();
    if (!node.isValueNode() || !Quantities.hasUnit(text)) {
      error(path, "must be a size with a unit such as 512Mi, 8Gi or 10G, got '" + text + "'");
      return fallback;
    }
    Optional<Long> bytes = Quantities.bytes(text);
    if (bytes.isEmpty()) {
      error(path, "'" + text + "' is not a size: use a unit of Ki, Mi, Gi, Ti or k, M, G, T");
      return fallback;
    }
    return Quantities.toMibCeil(bytes.get());
  }

  /** A byte count, bare or with a unit. */
  long sizeBytes(JsonNode node, String path, long fallback) {
    if (absent(node)) {
      return fallback;
    }
    Optional<Long> bytes = node.isValueNode() ? Quantities.bytes(node.asText()) : Optional.empty();
    if (bytes.isEmpty()) {
      error(path, "must be a number of bytes or a size such as 100Mi, got '" + node.asText() + "'");
      return fallback;
    }
    return bytes.get();
  }

  Hash hash(JsonNode node, String path) {
    if (absent(node)) {
      error(path, "is required: the SHA-256 of the file as 64 hex characters");
      return Hash.ZERO;
    }
    try {
      return Hash.fromHex(node.asText().strip().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      error(
          path,
          "must be the SHA-256 of the file as 64 hex characters, got '" + node.asText() + "'");
      return Hash.ZERO;
    }
  }

  List<JsonNode> list(JsonNode node, String path) {
    if (absent(node)) {
      return List.of();
    }
    if (!node.isArray()) {
      error(path, "must be a list");
      return List.of();
    }
    List<JsonNode> items = new ArrayList<>();
    node.forEach(items::add);
    return items;
  }

  List<String> strings(JsonNode node, String path) {
    List<String> values = new ArrayList<>();
    List<JsonNode> items = list(node, path);
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      if (absent(item)) {
        error(at(path, i), "must not be empty; quote it if you mean the text null");
      } else {
        values.add(string(item, at(path, i), ""));
      }
    }
    return values;
  }

  SortedMap<String, String> stringMap(JsonNode node, String path) {
    SortedMap<String, String> map = new TreeMap<>();
    if (absent(node)) {
      return map;
    }
    if (!node.isObject()) {
      error(path, "must be a mapping of names to values");
      return map;
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      map.put(
          e.getKey(), absent(e.getValue()) ? "" : string(e.getValue(), at(path, e.getKey()), ""));
    }
    return map;
  }
}
