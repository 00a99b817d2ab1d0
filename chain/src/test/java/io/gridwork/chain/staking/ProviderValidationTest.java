package io.gridwork.chain.staking;

import static io.gridwork.chain.TestChain.GRID;
import static io.gridwork.chain.TestChain.PARAMS;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.TestChain;
import io.gridwork.chain.exec.TxResult;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.tx.GpuInventory;
import io.gridwork.protocol.tx.RegisterProvider;
import io.gridwork.testkit.TestKeys;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProviderValidationTest {
  private static final GpuInventory GPU = new GpuInventory("RTX 4090", 24_576, 2);

  private final KeyPair alice = TestKeys.key("alice");
  private final TestChain chain = TestChain.funded(1_000 * GRID, alice);

  private static RegisterProvider offer(
      List<GpuInventory> gpus, String region, String tier, Map<String, String> attributes) {
    return new RegisterProvider(
        gpus, region, tier, new TreeMap<>(attributes), PARAMS.minProviderStake());
  }

  static Stream<Arguments> invalidOffers() {
    return Stream.of(
        Arguments.of("no GPU groups", offer(List.of(), "eu", "standard", Map.of()), "1 to 64"),
        Arguments.of(
            "65 GPU groups",
            offer(Collections.nCopies(65, GPU), "eu", "standard", Map.of()),
            "got 65"),
        Arguments.of(
            "blank model",
            offer(List.of(new GpuInventory(" ", 1, 1)), "eu", "standard", Map.of()),
            "model must not be blank"),
        Arguments.of(
            "no memory",
            offer(List.of(new GpuInventory("A100", 0, 1)), "eu", "standard", Map.of()),
            "vramMib must be positive"),
        Arguments.of(
            "no cards",
            offer(List.of(new GpuInventory("A100", 1, 0)), "eu", "standard", Map.of()),
            "count must be between 1 and 1024"),
        Arguments.of(
            "too many cards",
            offer(List.of(new GpuInventory("A100", 1, 1025)), "eu", "standard", Map.of()),
            "got 1025"),
        Arguments.of("blank region", offer(List.of(GPU), "", "standard", Map.of()), "region ''"),
        Arguments.of(
            "uppercase region", offer(List.of(GPU), "EU", "standard", Map.of()), "region 'EU'"),
        Arguments.of("blank tier", offer(List.of(GPU), "eu", "", Map.of()), "tier ''"),
        Arguments.of("unknown tier", offer(List.of(GPU), "eu", "gold", Map.of()), "tier 'gold'"),
        Arguments.of(
            "bad attribute key",
            offer(List.of(GPU), "eu", "standard", Map.of("Has Space", "x")),
            "attribute key 'Has Space'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidOffers")
  void offerIsRejectedAsAnInvalidProvider(String name, RegisterProvider offer, String messagePart) {
    TxResult result = chain.run(chain.txs.sign(alice, offer));

    assertThat(result.code()).isEqualTo("INVALID_PROVIDER");
    assertThat(result.message()).contains(messagePart);
  }

  @Test
  void offerWithEveryFieldAtItsLimitIsAccepted() {
    var offer =
        offer(
            Collections.nCopies(64, new GpuInventory("A100", 1, 1024)),
            "us-east-1",
            "best-effort",
            Map.of("net.speed_gbps-x", "100"));

    TxResult result = chain.run(chain.txs.sign(alice, offer));

    assertThat(result.ok()).isTrue();
  }
}
