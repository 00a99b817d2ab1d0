package io.gridwork.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.ser.std.BeanSerializerBase;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gridwork.api.AccountInfo;
import io.gridwork.api.ApiJson;
import io.gridwork.api.BlobStored;
import io.gridwork.api.BlockEvent;
import io.gridwork.api.BlockInfo;
import io.gridwork.api.ChainParams;
import io.gridwork.api.JobInfo;
import io.gridwork.api.LeaseInfo;
import io.gridwork.api.Lists;
import io.gridwork.api.NodeStatus;
import io.gridwork.api.ProviderInfo;
import io.gridwork.api.Submitted;
import io.gridwork.api.TxStatus;
import io.gridwork.protocol.event.LedgerEvent;
import io.gridwork.protocol.event.UnknownEvent;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document against the records the node answers with and the client reads: every JSON
 * field of every answer, nested records, list items and ledger events included, is in the
 * document's schema, every field the schema lists is in the record, and every field the client
 * reads is one the node writes.
 */
class OpenApiDocumentTest {
  /** Each JSON answer of the API (operation and status) and the record it serialises. */
  private static final Map<String, Class<?>> ANSWERS = new LinkedHashMap<>();

  static {
    ANSWERS.put("get /v1/status 200", NodeStatus.class);
    ANSWERS.put("post /v1/txs 202", Submitted.Accepted.class);
    ANSWERS.put("post /v1/txs/batch 200", Submitted.Batch.class);
    ANSWERS.put("get /v1/txs/{hash} 200", TxStatus.class);
    ANSWERS.put("get /v1/accounts/{address} 200", AccountInfo.class);
    ANSWERS.put("get /v1/providers 200", Lists.Providers.class);
    ANSWERS.put("get /v1/providers/{address} 200", ProviderInfo.class);
    ANSWERS.put("get /v1/providers/{address}/leases 200", Lists.Leases.class);
    ANSWERS.put("get /v1/jobs 200", Lists.Jobs.class);
    ANSWERS.put("get /v1/jobs/{jobId} 200", JobInfo.class);
    ANSWERS.put("get /v1/jobs/{jobId}/bids 200", Lists.Bids.class);
    ANSWERS.put("get /v1/jobs/{jobId}/leases 200", Lists.Leases.class);
    ANSWERS.put("get /v1/jobs/{jobId}/units 200", Lists.Units.class);
    ANSWERS.put("get /v1/jobs/{jobId}/audits 200", Lists.Audits.class);
    ANSWERS.put("get /v1/leases/{leaseId} 200", LeaseInfo.class);
    ANSWERS.put("put /v1/blobs/{sha256} 200", BlobStored.class);
    ANSWERS.put("put /v1/blobs/{sha256} 201", BlobStored.class);
    ANSWERS.put("get /v1/blocks/latest 200", BlockInfo.class);
    ANSWERS.put("get /v1/blocks/{height} 200", BlockInfo.class);
    ANSWERS.put("get /v1/params 200", ChainParams.class);
  }

  private static final ObjectMapper MAPPER = ApiJson.mapper();
  private static JsonNode document;

  @BeforeAll
  static void readDocument() throws IOException {
    try (InputStream in = NodeApi.class.getResourceAsStream("/openapi.yaml")) {
      document = new ObjectMapper(new YAMLFactory()).readTree(in);
    }
  }

  @Test
  void everyJsonAnswerOfTheDocumentHasItsRecord() {
    List<String> documented = new ArrayList<>();
    document
        .path("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(
                        op ->
                            op.getValue()
                                .path("responses")
                                .properties()
                                .forEach(
                                    r -> {
                                      if (r.getValue().path("content").has("application/json")) {
                                        documented.add(
                                            op.getKey() + " " + path.getKey() + " " + r.getKey());
                                      }
                                    })));

    assertThat(documented).containsExactlyInAnyOrderElementsOf(ANSWERS.keySet());
  }

  @Test
  void everyAnswerRecordMatchesItsSchemaFieldForField() {
    List<String> mismatches = new ArrayList<>();
    ANSWERS.forEach(
        (answer, type) -> {
          String[] parts = answer.split(" ");
          JsonNode schema =
              document
                  .path("paths")
                  .path(parts[1])
                  .path(parts[0])
                  .path("responses")
                  .path(parts[2])
                  .path("content")
                  .path("application/json")
                  .path("schema");
          compare(answer, MAPPER.constructType(type), schema, mismatches);
        });

    assertThat(mismatches).isEmpty();
  }

  @Test
  void theEventStreamMessageMatchesItsSchema() {
    List<String> mismatches = new ArrayList<>();

    compare(
        "BlockMessage",
        MAPPER.constructType(BlockEvent.class),
        document.at("/components/schemas/BlockMessage"),
        mismatches);

    assertThat(mismatches).isEmpty();
  }

  @Test
  void theProblemDocumentMatchesItsSchema() {
    List<String> mismatches = new ArrayList<>();

    compare(
        "Problem",
        MAPPER.constructType(Problem.class),
        document.at("/components/schemas/Problem"),
        mismatches);

    assertThat(mismatches).isEmpty();
  }

  /**
   * Compares the JSON fields of {@code type} with the properties of {@code schema}, then each
   * field's nested record or list of records with the field's schema.
   */
  private static void compare(String where, JavaType type, JsonNode schema, List<String> out) {
    JsonNode s = resolve(schema);
    if (type.isCollectionLikeType()) {
      compare(where + "[]", type.getContentType(), s.path("items"), out);
      return;
    }
    if (type.getRawClass() == LedgerEvent.class) {
      compareFields(where, type, eventFields(), Set.of(), s, out);
      return;
    }
    if (!writtenAsObject(type)) {
      return;
    }
    Map<String, JavaType> fields = new LinkedHashMap<>();
    for (BeanPropertyDefinition p :
        MAPPER.getSerializationConfig().introspect(type).findProperties()) {
      if (p.couldSerialize()) {
        fields.put(p.getName(), p.getPrimaryType());
      }
    }
    Set<String> read = new TreeSet<>();
    for (BeanPropertyDefinition p :
        MAPPER.getDeserializationConfig().introspect(type).findProperties()) {
      if (p.couldDeserialize()) {
        read.add(p.getName());
      }
    }
    compareFields(where, type, fields, read, s, out);
  }

  /**
   * Compares the fields {@code type} is written with, and those it is read from, with the
   * properties of {@code s}, then each written field's nested record or list of records.
   */
  private static void compareFields(
      String where,
      JavaType type,
      Map<String, JavaType> fields,
      Set<String> read,
      JsonNode s,
      List<String> out) {
    for (String field : read) {
      if (!fields.containsKey(field)) {
        out.add(where + ": the reader's field '" + field + "' is never written");
      }
    }
    JsonNode properties = s.path("properties");
    TreeSet<String> documented = new TreeSet<>();
    properties.fieldNames().forEachRemaining(documented::add);
    for (String field : fields.keySet()) {
      if (!documented.contains(field)) {
        out.add(where + ": field '" + field + "' is not in the document");
      }
    }
    for (JsonNode required : s.path("required")) {
      if (!fields.containsKey(required.asText())) {
        out.add(where + ": the document requires '" + required.asText() + "', which is not sent");
      }
    }
    for (String field : documented) {
      if (!fields.containsKey(field)) {
        out.add(where + ": the document's '" + field + "' is not in " + type.getRawClass());
      }
    }
    fields.forEach(
        (field, fieldType) -> {
          if (properties.has(field)) {
            compare(where + "." + field, fieldType, properties.get(field), out);
          }
        });
  }

  /** The fields of an event as the API's serializer writes it, every kind alike. */
  private static Map<String, JavaType> eventFields() {
    LedgerEvent sample = new UnknownEvent("sample", new TreeMap<>(Map.of("name", "value")));
    Map<String, JavaType> fields = new LinkedHashMap<>();
    MAPPER
        .valueToTree(sample)
        .properties()
        .forEach(f -> fields.put(f.getKey(), MAPPER.constructType(JsonNode.class)));
    return fields;
  }

  /**
   * True for records Jackson writes field by field; hashes, addresses and specs are written whole.
   */
  private static boolean writtenAsObject(JavaType type) {
    try {
      return type.getRawClass().isRecord()
          && MAPPER.getSerializerProviderInstance().findValueSerializer(type)
              instanceof BeanSerializerBase;
    } catch (JsonMappingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode resolve(JsonNode schema) {
    JsonNode ref = schema.get("$ref");
    return ref == null ? schema : document.at(ref.asText().substring(1));
  }
}
