package io.gridwork.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.LeaseStatus;
import io.gridwork.protocol.spec.SlaTier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiJsonTest {
  private static final ObjectMapper MAPPER = ApiJson.mapper();
  private static final Hash LEASE = Hash.sha256(new byte[] {1});
  private static final Hash JOB = Hash.sha256(new byte[] {2});
  private static final Address PROVIDER = new Address(new byte[Address.LENGTH]);

  private static LeaseInfo lease(long closedHeight) {
    return new LeaseInfo(
        LEASE,
        JOB,
        PROVIDER,
        "batch",
        LeaseStatus.ACTIVE,
        null,
        1_500_000,
        "RTX 4090",
        1,
        20_000_000,
        7,
        closedHeight,
        3,
        1,
        40,
        9,
        0,
        8,
        120,
        2,
        12,
        0,
        0);
  }

  @Test
  void hashesAndAddressesAreWrittenAsTheirText() {
    JsonNode json = MAPPER.valueToTree(lease(0));

    assertThat(json.get("id").asText()).isEqualTo(LEASE.toHex());
    assertThat(json.get("provider").asText()).isEqualTo(PROVIDER.toString());
  }

  @Test
  void heightsThatHaveNotHappenedAndAbsentValuesAreLeftOut() {
    JsonNode json = MAPPER.valueToTree(lease(0));

    assertThat(json.has("closedHeight")).isFalse();
    assertThat(json.has("exhaustionHeight")).isFalse();
    assertThat(json.has("closeReason")).isFalse();
    assertThat(json.get("unitsDone").asInt()).isEqualTo(1);
  }

  @Test
  void amountsCarryTheirTextTwin() {
    JsonNode json = MAPPER.valueToTree(lease(0));

    assertThat(json.get("price").asLong()).isEqualTo(1_500_000);
    assertThat(json.get("priceText").asText()).isEqualTo("1.5GRID");
  }

  @Test
  void fieldsKeepTheOrderTheyAreDocumentedIn() {
    List<String> names = new ArrayList<>();
    MAPPER.valueToTree(lease(30)).fieldNames().forEachRemaining(names::add);

    assertThat(names)
        .startsWith("id", "jobId", "provider", "kind", "status", "price", "priceText")
        .endsWith("heartbeats", "heartbeatDueHeight", "slaStake", "slaStakeText");
  }

  @Test
  void whatTheNodeWritesTheClientReadsBack() throws Exception {
    LeaseInfo closed = lease(30);

    LeaseInfo read = MAPPER.readValue(MAPPER.writeValueAsString(closed), LeaseInfo.class);

    assertThat(read).isEqualTo(closed);
  }

  @Test
  void closedSetsAreWrittenAsTheNamesTheNodeAlwaysSent() {
    JsonNode json = MAPPER.valueToTree(lease(30));

    assertThat(json.get("status").asText()).isEqualTo("ACTIVE");
  }

  @Test
  void aTierIsWrittenByItsWireNameAndAnUnknownOneIsReadAsNone() throws Exception {
    assertThat(MAPPER.writeValueAsString(SlaTier.BEST_EFFORT)).isEqualTo("\"best-effort\"");
    assertThat(MAPPER.readValue("\"standard\"", SlaTier.class)).isEqualTo(SlaTier.STANDARD);
    assertThat(MAPPER.readValue("\"gold\"", SlaTier.class)).isNull();
  }
}
