package io.gridwork.chain.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.bank.BankError;
import io.gridwork.chain.staking.StakingError;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Result codes are read by clients and scripts; renaming one is a breaking change. */
class ResultCodesTest {

  @Test
  void resultCodesAreTheDocumentedStableSet() {
    Stream<String> codes =
        Stream.of(EnvelopeError.values(), BankError.values(), StakingError.values())
            .flatMap(Arrays::stream)
            .map(Enum::name);

    assertThat(codes)
        .containsExactly(
            "WRONG_CHAIN_ID",
            "BAD_NONCE",
            "FEE_TOO_LOW",
            "INSUFFICIENT_FUNDS",
            "INVALID_AMOUNT",
            "PROVIDER_NOT_REGISTERED",
            "STAKE_BELOW_MINIMUM",
            "INVALID_PROVIDER",
            "UNBOND_EXCEEDS_STAKE");
  }
}
