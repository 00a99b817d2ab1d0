package io.gridwork.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.PublicKey;
import io.gridwork.protocol.event.LedgerEvent;
import io.gridwork.protocol.event.MalformedEventException;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.spec.JobSpecYaml;
import io.gridwork.protocol.spec.SlaTier;
import io.gridwork.protocol.spec.SpecResult;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The one JSON configuration of the API records, so node and client write and read the same text:
 * hashes and keys as hex, addresses as bech32, job specs in the shape of their YAML form, ledger
 * events in their canonical form, absent values left out, and fields a newer node adds ignored by
 * an older client.
 */
public final class ApiJson {
  /**
   * Specs parsed lately, by their JSON text, per mapper. Parsing and validating a spec costs more
   * than fetching the job, and many jobs share one spec (a provider agent reads every job posted; a
   * render farm posts the same spec over and over).
   */
  private static final int SPECS_KEPT = 256;

  private ApiJson() {}

  /** A mapper configured for the API records. */
  public static ObjectMapper mapper() {
    return new ObjectMapper()
        .registerModule(module())
        .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  private static SimpleModule module() {
    SimpleModule m = new SimpleModule("gridwork-api");
    m.addSerializer(Hash.class, text(Hash::toHex));
    m.addDeserializer(Hash.class, parsed(Hash::fromHex));
    m.addSerializer(Address.class, text(Address::toString));
    m.addDeserializer(Address.class, parsed(Address::parse));
    m.addSerializer(PublicKey.class, text(PublicKey::toHex));
    m.addDeserializer(PublicKey.class, parsed(PublicKey::fromHex));
    m.addSerializer(SlaTier.class, text(SlaTier::wireName));
    // A tier a newer node names is read as none rather than failing the whole answer.
    m.addDeserializer(SlaTier.class, parsed(name -> SlaTier.ofWireName(name).orElse(null)));
    m.addSerializer(
        JobSpec.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(JobSpec spec, JsonGenerator g, SerializerProvider p)
              throws IOException {
            g.writeTree(JobSpecYaml.tree(spec));
          }
        });
    m.addDeserializer(JobSpec.class, new SpecDeserializer());
    m.addSerializer(LedgerEvent.class, new EventSerializer());
    m.addDeserializer(LedgerEvent.class, new EventDeserializer());
    return m;
  }

  private static <T> JsonSerializer<T> text(Function<T, String> format) {
    return new JsonSerializer<>() {
      @Override
      public void serialize(T value, JsonGenerator g, SerializerProvider p) throws IOException {
        g.writeString(format.apply(value));
      }
    };
  }

  private static <T> JsonDeserializer<T> parsed(Function<String, T> parse) {
    return new JsonDeserializer<>() {
      @Override
      public T deserialize(JsonParser p, DeserializationContext c) throws IOException {
        String text = p.getValueAsString();
        try {
          return parse.apply(text);
        } catch (IllegalArgumentException e) {
          throw c.weirdStringException(text, handledType(), e.getMessage());
        }
      }
    };
  }

  /**
   * Reads a spec sent in the shape of its YAML form, which JSON already is; a spec is immutable, so
   * one parsed before is handed out again.
   */
  private static final class SpecDeserializer extends JsonDeserializer<JobSpec> {
    private final Map<String, JobSpec> parsed =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, JobSpec> eldest) {
            return size() > SPECS_KEPT;
          }
        };

    @Override
    public JobSpec deserialize(JsonParser p, DeserializationContext c) throws IOException {
      String text = p.readValueAsTree().toString();
      synchronized (parsed) {
        JobSpec known = parsed.get(text);
        if (known != null) {
          return known;
        }
      }
      JobSpec spec =
          switch (JobSpecYaml.parse(text)) {
            case SpecResult.Valid v -> v.spec();
            case SpecResult.Invalid i ->
                throw c.weirdStringException(text, JobSpec.class, "job spec: " + i.errors());
          };
      synchronized (parsed) {
        parsed.put(text, spec);
      }
      return spec;
    }
  }

  /** Writes an event as its canonical form: {@code {"type": ..., "attributes": {...}}}. */
  private static final class EventSerializer extends JsonSerializer<LedgerEvent> {
    @Override
    public void serialize(LedgerEvent event, JsonGenerator g, SerializerProvider p)
        throws IOException {
      g.writeStartObject();
      g.writeStringField("type", event.type());
      g.writeObjectFieldStart("attributes");
      for (Map.Entry<String, String> a : event.attributes().entrySet()) {
        g.writeStringField(a.getKey(), a.getValue());
      }
      g.writeEndObject();
      g.writeEndObject();
    }
  }

  /** Reads an event's canonical form back into its record. */
  private static final class EventDeserializer extends JsonDeserializer<LedgerEvent> {
    @Override
    public LedgerEvent deserialize(JsonParser p, DeserializationContext c) throws IOException {
      JsonNode node = p.readValueAsTree();
      Map<String, String> attributes = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> a : node.path("attributes").properties()) {
        attributes.put(a.getKey(), a.getValue().asText());
      }
      String type = node.path("type").asText();
      try {
        return LedgerEvent.fromCanonical(type, attributes);
      } catch (MalformedEventException e) {
        throw JsonMappingException.from(p, "event " + type + ": " + e.getMessage(), e);
      }
    }
  }
}
