package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.CloseReason;
import io.gridwork.protocol.spec.SlaTier;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Spells an event's fields as its canonical attributes; the one place that spelling is chosen. */
final class AttributeWriter {
  private final TreeMap<String, String> attributes = new TreeMap<>();

  AttributeWriter text(String name, String value) {
    attributes.put(name, value);
    return this;
  }

  AttributeWriter hash(String name, Hash value) {
    return text(name, value.toHex());
  }

  AttributeWriter address(String name, Address value) {
    return text(name, value.toString());
  }

  AttributeWriter number(String name, long value) {
    return text(name, Long.toString(value));
  }

  AttributeWriter flag(String name, boolean value) {
    return text(name, Boolean.toString(value));
  }

  /** An absent number is the empty string. */
  AttributeWriter optionalNumber(String name, OptionalInt value) {
    return text(name, value.isPresent() ? Integer.toString(value.getAsInt()) : "");
  }

  /** Addresses joined by commas, none being the empty string. */
  AttributeWriter addresses(String name, List<Address> value) {
    return text(name, value.stream().map(Address::toString).collect(Collectors.joining(",")));
  }

  AttributeWriter tier(String name, SlaTier value) {
    return text(name, value.wireName());
  }

  AttributeWriter jobKind(String name, JobKind value) {
    return text(name, value.wireName());
  }

  AttributeWriter closeReason(String name, CloseReason value) {
    return text(name, value.name());
  }

  AttributeWriter slashReason(String name, SlashReason value) {
    return text(name, value.name());
  }

  AttributeWriter skipReason(String name, AuditSkipReason value) {
    return text(name, value.name());
  }

  SortedMap<String, String> toMap() {
    return Collections.unmodifiableSortedMap(attributes);
  }
}
