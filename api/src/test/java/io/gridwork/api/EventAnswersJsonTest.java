package io.gridwork.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.error.BankError;
import io.gridwork.protocol.error.ErrorCode;
import io.gridwork.protocol.error.UnknownCode;
import io.gridwork.protocol.event.FeePaid;
import io.gridwork.protocol.event.LedgerEvent;
import io.gridwork.protocol.event.UnknownEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EventAnswersJsonTest {
  private static final ObjectMapper MAPPER = ApiJson.mapper();
  private static final Hash TX = Hash.sha256(new byte[] {1});
  private static final Address PAYER = new Address(new byte[Address.LENGTH]);
  private static final LedgerEvent FEE = new FeePaid(PAYER, 1000);

  private static TxStatus committed(Optional<ErrorCode> error) {
    return TxStatus.committed(
        TX, new TxStatus.Commit(7, 2, error, "done", 1000, List.of(FEE)), null);
  }

  @Test
  void anEventIsWrittenAsItsTypeAndCanonicalAttributes() throws Exception {
    assertThat(MAPPER.writeValueAsString(FEE))
        .isEqualTo(
            "{\"type\":\"fee_paid\",\"attributes\":{\"amount\":\"1000\",\"payer\":\""
                + PAYER
                + "\"}}");
  }

  @Test
  void anEventOfAKindThisBuildDoesNotKnowIsReadWithItsAttributes() throws Exception {
    LedgerEvent read =
        MAPPER.readValue(
            "{\"type\":\"future_thing\",\"attributes\":{\"b\":\"2\",\"a\":\"1\"}}",
            LedgerEvent.class);

    assertThat(read)
        .isEqualTo(new UnknownEvent("future_thing", new TreeMap<>(Map.of("a", "1", "b", "2"))));
  }

  @Test
  void anEventWhoseAttributesDoNotFitItsKindIsUnreadable() {
    assertThatThrownBy(
            () ->
                MAPPER.readValue(
                    "{\"type\":\"fee_paid\",\"attributes\":{\"amount\":\"lots\"}}",
                    LedgerEvent.class))
        .isInstanceOf(JsonMappingException.class)
        .hasMessageContaining("fee_paid");
  }

  @Test
  void aCommittedTransactionWritesItsResultCodeByName() throws Exception {
    String ok = MAPPER.writeValueAsString(committed(Optional.empty()));
    String refused =
        MAPPER.writeValueAsString(committed(Optional.of(BankError.INSUFFICIENT_FUNDS)));

    assertThat(ok)
        .startsWith(
            "{\"hash\":\""
                + TX.toHex()
                + "\",\"status\":\"committed\",\"height\":7,\"index\":2,\"code\":\"OK\",");
    assertThat(refused).contains("\"code\":\"INSUFFICIENT_FUNDS\"");
  }

  @Test
  void aCommittedTransactionIsReadBackWithItsTypedCodeAndEvents() throws Exception {
    TxStatus refused = committed(Optional.of(BankError.INSUFFICIENT_FUNDS));

    TxStatus read = MAPPER.readValue(MAPPER.writeValueAsString(refused), TxStatus.class);

    assertThat(read).isEqualTo(refused);
    assertThat(read.commit().ok()).isFalse();
    assertThat(read.commit().code()).isEqualTo("INSUFFICIENT_FUNDS");
    assertThat(read.commit().events()).containsExactly(FEE);
  }

  @Test
  void aResultCodeANewerNodeNamesIsKeptByName() throws Exception {
    String json = MAPPER.writeValueAsString(committed(Optional.of(new UnknownCode("NEW_RULE"))));

    assertThat(MAPPER.readValue(json, TxStatus.class).error())
        .contains(new UnknownCode("NEW_RULE"));
  }

  @Test
  void aPendingTransactionLeavesOutTheResultAndHasNoCommit() throws Exception {
    String json = MAPPER.writeValueAsString(TxStatus.unknown(TX));

    assertThat(json).isEqualTo("{\"hash\":\"" + TX.toHex() + "\",\"status\":\"unknown\"}");
    TxStatus read = MAPPER.readValue(json, TxStatus.class);
    assertThat(read.state()).isEqualTo(TxStatus.State.UNKNOWN);
    assertThat(read.commit()).isNull();
  }

  @Test
  void aStatusThisBuildDoesNotKnowIsReadAsUnknown() throws Exception {
    TxStatus read =
        MAPPER.readValue(
            "{\"hash\":\"" + TX.toHex() + "\",\"status\":\"archived\"}", TxStatus.class);

    assertThat(read.state()).isEqualTo(TxStatus.State.UNKNOWN);
  }

  @Test
  void aBlockMessageCountsItsTransactionsBeforeListingThem() throws Exception {
    BlockEvent block =
        new BlockEvent(
            9,
            TX,
            1234,
            List.of(new BlockEvent.TxEvents(TX, Optional.empty(), List.of(FEE))),
            List.of());

    String json = MAPPER.writeValueAsString(block);

    assertThat(json)
        .startsWith(
            "{\"height\":9,\"hash\":\""
                + TX.toHex()
                + "\",\"timeMillis\":1234,\"txCount\":1,\"txs\":[{\"hash\":\""
                + TX.toHex()
                + "\",\"code\":\"OK\",\"events\":[{\"type\":\"fee_paid\"");
    assertThat(MAPPER.readValue(json, BlockEvent.class)).isEqualTo(block);
  }

  @Test
  void aBlockIsReadBackWithItsTransactionsCodes() throws Exception {
    BlockInfo block =
        new BlockInfo(
            3,
            TX,
            "chain",
            1234,
            Hash.ZERO,
            TX,
            TX,
            TX,
            List.of(new BlockInfo.Tx(TX, Optional.of(BankError.INSUFFICIENT_FUNDS))),
            List.of(FEE));

    BlockInfo read = MAPPER.readValue(MAPPER.writeValueAsString(block), BlockInfo.class);

    assertThat(read).isEqualTo(block);
    assertThat(read.txs().getFirst().code()).isEqualTo("INSUFFICIENT_FUNDS");
    assertThat(MAPPER.valueToTree(block).get("txCount").asInt()).isEqualTo(1);
  }
}
