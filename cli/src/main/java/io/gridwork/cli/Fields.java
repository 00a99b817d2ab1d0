package io.gridwork.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridwork.protocol.Amount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Named values of one object, rendered as aligned {@code name: value} lines for people and as a
 * JSON object for scripts.
 */
final class Fields {
  private final ObjectNode json = Json.MAPPER.createObjectNode();
  private final List<String[]> lines = new ArrayList<>();

  Fields put(String name, String value) {
    return put(name, value, json.textNode(value));
  }

  Fields put(String name, long value) {
    return put(name, Long.toString(value), json.numberNode(value));
  }

  /** An amount: GRID with decimals in text, an integer of ugrid in JSON. */
  Fields amount(String name, long ugrid) {
    return put(name, Amount.format(ugrid), json.numberNode(ugrid));
  }

  /** A point in time: ISO-8601 UTC in text, milliseconds since the epoch as {@code nameMillis}. */
  Fields time(String name, long epochMillis) {
    lines.add(new String[] {name, Instant.ofEpochMilli(epochMillis).toString()});
    json.put(name + "Millis", epochMillis);
    return this;
  }

  Fields put(String name, String text, JsonNode jsonValue) {
    lines.add(new String[] {name, text});
    json.set(name, jsonValue);
    return this;
  }

  /** A line for people only, e.g. a hint about what to do next. */
  Fields note(String text) {
    lines.add(new String[] {null, text});
    return this;
  }

  ObjectNode json() {
    return json;
  }

  String text() {
    int width = 0;
    for (String[] line : lines) {
      if (line[0] != null) {
        width = Math.max(width, line[0].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] line : lines) {
      if (line[0] == null) {
        sb.append(line[1]).append('\n');
      } else {
        sb.append(line[0]).append(':').append(" ".repeat(width - line[0].length() + 2));
        sb.append(line[1]).append('\n');
      }
    }
    return sb.toString();
  }

  Report report() {
    return new Report(text(), json);
  }
}
