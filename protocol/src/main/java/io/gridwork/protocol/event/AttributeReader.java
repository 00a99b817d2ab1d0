package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.CloseReason;
import io.gridwork.protocol.spec.SlaTier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a known kind's fields back from its canonical attributes, naming the event and attribute in
 * every error.
 */
final class AttributeReader {
  private final String type;
  private final Map<String, String> attributes;
  private final Set<String> read = new HashSet<>();

  AttributeReader(String type, Map<String, String> attributes) {
    this.type = type;
    this.attributes = attributes;
  }

  String text(String name) {
    String value = attributes.get(name);
    if (value == null) {
      throw new MalformedEventException(type + ": no attribute " + name);
    }
    read.add(name);
    return value;
  }

  Hash hash(String name) {
    return parsed(name, Hash::fromHex);
  }

  Address address(String name) {
    return parsed(name, Address::parse);
  }

  long number(String name) {
    return parsed(name, Long::parseLong);
  }

  int intNumber(String name) {
    return parsed(name, Integer::parseInt);
  }

  boolean flag(String name) {
    return parsed(
        name,
        v ->
            switch (v) {
              case "true" -> true;
              case "false" -> false;
              default -> throw new IllegalArgumentException("a flag is true or false");
            });
  }

  OptionalInt optionalNumber(String name) {
    return parsed(
        name, v -> v.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(v)));
  }

  List<Address> addresses(String name) {
    return parsed(
        name,
        v -> {
          List<Address> out = new ArrayList<>();
          if (!v.isEmpty()) {
            for (String part : v.split(",", -1)) {
              out.add(Address.parse(part));
            }
          }
          return out;
        });
  }

  SlaTier tier(String name) {
    return parsed(
        name,
        v ->
            SlaTier.ofWireName(v)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "a tier is best-effort, standard or premium")));
  }

  JobKind jobKind(String name) {
    return parsed(name, JobKind::ofWireName);
  }

  CloseReason closeReason(String name) {
    return parsed(name, CloseReason::valueOf);
  }

  SlashReason slashReason(String name) {
    return parsed(name, SlashReason::valueOf);
  }

  AuditSkipReason skipReason(String name) {
    return parsed(name, AuditSkipReason::valueOf);
  }

  /** Fails if the attributes hold a name the kind has no field for. */
  void expectNoOthers() {
    for (String name : attributes.keySet()) {
      if (!read.contains(name)) {
        throw new MalformedEventException(type + ": unexpected attribute " + name);
      }
    }
  }

  private <T> T parsed(String name, Function<String, T> parser) {
    String value = text(name);
    try {
      return parser.apply(value);
    } catch (IllegalArgumentException e) {
      throw new MalformedEventException(
          type + ": attribute " + name + " '" + value + "' is malformed: " + e.getMessage(), e);
    }
  }
}
