package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.spec.SlaTier;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Spells a known kind's fields as its canonical attributes and reads them back, from the record's
 * components, so that a kind states its fields once, in its record header.
 *
 * <p>The rules, which stored results depend on and which must not change: an attribute is named
 * after its component, except that a hash id drops its {@code Id} ({@code jobId} is {@code job});
 * numbers are decimal, flags {@code true}/{@code false}, hashes hex, addresses bech32, an absent
 * optional number the empty string, a list of addresses comma-joined, tiers and job kinds their
 * wire names and other enums their constant names.
 */
final class EventCodec {
  private static final ClassValue<EventCodec> BY_CLASS =
      new ClassValue<>() {
        @Override
        protected EventCodec computeValue(Class<?> kind) {
          return new EventCodec(kind);
        }
      };

  private static final Map<String, EventCodec> BY_TYPE = byType();

  private final String type;
  private final List<Field> fields;
  private final Constructor<?> constructor;
  private final Field job;

  private EventCodec(Class<?> kind) {
    EventType annotation = kind.getAnnotation(EventType.class);
    if (annotation == null || !kind.isRecord()) {
      throw new IllegalStateException(kind + " is not an event kind record");
    }
    this.type = annotation.value();
    List<Field> list = new ArrayList<>();
    Class<?>[] parameterTypes = new Class<?>[kind.getRecordComponents().length];
    Field jobField = null;
    for (RecordComponent c : kind.getRecordComponents()) {
      parameterTypes[list.size()] = c.getType();
      Field f = new Field(attributeName(c), c.getAccessor(), Spelling.of(c.getGenericType()));
      list.add(f);
      if (c.getName().equals("jobId")) {
        jobField = f;
      }
    }
    this.fields = List.copyOf(list);
    this.job = jobField;
    try {
      this.constructor = kind.getDeclaredConstructor(parameterTypes);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(kind + " has no canonical constructor", e);
    }
  }

  static EventCodec of(Class<?> kind) {
    return BY_CLASS.get(kind);
  }

  /** The codec of a known wire type, or empty for a type this version does not know. */
  static Optional<EventCodec> ofType(String type) {
    return Optional.ofNullable(BY_TYPE.get(type));
  }

  String type() {
    return type;
  }

  SortedMap<String, String> attributes(LedgerEvent event) {
    TreeMap<String, String> out = new TreeMap<>();
    for (Field f : fields) {
      Object value = f.get(event);
      if (value == null) {
        throw new NullPointerException(type + ": " + f.name + " is null");
      }
      out.put(f.name, f.spelling.write(value));
    }
    return Collections.unmodifiableSortedMap(out);
  }

  Optional<Hash> job(LedgerEvent event) {
    return job == null ? Optional.empty() : Optional.of((Hash) job.get(event));
  }

  /** Reads the event back; every attribute must be present, parse, and be spelled canonically. */
  LedgerEvent read(Map<String, String> attributes) {
    Object[] args = new Object[fields.size()];
    for (int i = 0; i < args.length; i++) {
      Field f = fields.get(i);
      String value = attributes.get(f.name);
      if (value == null) {
        throw new MalformedEventException(type + ": no attribute " + f.name);
      }
      try {
        args[i] = f.spelling.read(value);
      } catch (IllegalArgumentException e) {
        throw new MalformedEventException(
            type + ": attribute " + f.name + " '" + value + "' is malformed: " + e.getMessage(), e);
      }
    }
    for (String name : attributes.keySet()) {
      if (fields.stream().noneMatch(f -> f.name.equals(name))) {
        throw new MalformedEventException(type + ": unexpected attribute " + name);
      }
    }
    LedgerEvent event = construct(args);
    SortedMap<String, String> canonical = attributes(event);
    if (!canonical.equals(attributes)) {
      throw new MalformedEventException(
          type + ": attributes " + attributes + " are not spelled canonically: " + canonical);
    }
    return event;
  }

  private LedgerEvent construct(Object[] args) {
    try {
      return (LedgerEvent) constructor.newInstance(args);
    } catch (InvocationTargetException e) {
      throw new MalformedEventException(type + ": " + e.getCause().getMessage(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(type + ": cannot construct", e);
    }
  }

  private static String attributeName(RecordComponent c) {
    String name = c.getName();
    return c.getType() == Hash.class && name.endsWith("Id")
        ? name.substring(0, name.length() - 2)
        : name;
  }

  private static Map<String, EventCodec> byType() {
    Map<String, EventCodec> map = new TreeMap<>();
    for (Class<?> kind : LedgerEvent.class.getPermittedSubclasses()) {
      if (kind != UnknownEvent.class) {
        EventCodec codec = of(kind);
        if (map.put(codec.type, codec) != null) {
          throw new IllegalStateException("two event kinds are named " + codec.type);
        }
      }
    }
    return Collections.unmodifiableMap(map);
  }

  /** One component: its attribute name, its accessor and how its value is spelled. */
  private record Field(String name, Method accessor, Spelling spelling) {
    Object get(LedgerEvent event) {
      try {
        return accessor.invoke(event);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(name + ": cannot read", e);
      }
    }
  }

  /** How values of one Java type are written as text and read back. */
  private record Spelling(Function<Object, String> writer, Function<String, Object> reader) {
    String write(Object value) {
      return writer.apply(value);
    }

    Object read(String text) {
      return reader.apply(text);
    }

    static Spelling of(Type type) {
      if (type instanceof ParameterizedType p
          && p.getRawType() == List.class
          && p.getActualTypeArguments()[0] == Address.class) {
        return new Spelling(EventCodec::joinAddresses, EventCodec::splitAddresses);
      }
      if (!(type instanceof Class<?> c)) {
        throw new IllegalStateException("no spelling for " + type);
      }
      if (c == long.class) {
        return new Spelling(String::valueOf, Long::parseLong);
      }
      if (c == int.class) {
        return new Spelling(String::valueOf, Integer::parseInt);
      }
      if (c == boolean.class) {
        return new Spelling(String::valueOf, EventCodec::parseFlag);
      }
      if (c == String.class) {
        return new Spelling(v -> (String) v, v -> v);
      }
      if (c == Hash.class) {
        return new Spelling(v -> ((Hash) v).toHex(), Hash::fromHex);
      }
      if (c == Address.class) {
        return new Spelling(Object::toString, Address::parse);
      }
      if (c == OptionalInt.class) {
        return new Spelling(EventCodec::writeOptional, EventCodec::readOptional);
      }
      if (c == SlaTier.class) {
        return new Spelling(v -> ((SlaTier) v).wireName(), EventCodec::parseTier);
      }
      if (c == JobKind.class) {
        return new Spelling(v -> ((JobKind) v).wireName(), JobKind::ofWireName);
      }
      if (c.isEnum()) {
        return new Spelling(v -> ((Enum<?>) v).name(), v -> enumConstant(c, v));
      }
      throw new IllegalStateException("no spelling for " + c);
    }
  }

  private static Object enumConstant(Class<?> enumType, String name) {
    for (Object constant : enumType.getEnumConstants()) {
      if (((Enum<?>) constant).name().equals(name)) {
        return constant;
      }
    }
    throw new IllegalArgumentException("not a " + enumType.getSimpleName());
  }

  private static Object parseFlag(String v) {
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("a flag is true or false");
    };
  }

  private static Object parseTier(String v) {
    return SlaTier.ofWireName(v)
        .orElseThrow(
            () -> new IllegalArgumentException("a tier is best-effort, standard or premium"));
  }

  private static String writeOptional(Object v) {
    OptionalInt n = (OptionalInt) v;
    return n.isPresent() ? Integer.toString(n.getAsInt()) : "";
  }

  private static Object readOptional(String v) {
    return v.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(v));
  }

  private static String joinAddresses(Object v) {
    return ((List<?>) v).stream().map(Object::toString).collect(Collectors.joining(","));
  }

  private static Object splitAddresses(String v) {
    List<Address> out = new ArrayList<>();
    if (!v.isEmpty()) {
      for (String part : v.split(",", -1)) {
        out.add(Address.parse(part));
      }
    }
    return out;
  }
}
