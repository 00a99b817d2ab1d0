package io.gridwork.client;

import java.util.Map;

/** An event emitted by a transaction or by end-of-block processing. */
public record EventInfo(String type, Map<String, String> attributes) {
  public EventInfo {
    attributes = Map.copyOf(attributes);
  }
}
