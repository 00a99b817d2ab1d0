package io.gridwork.chain.genesis;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.protocol.Address;
import io.gridwork.testkit.TestKeys;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenesisTest {
  private final Address alice = TestKeys.key("alice").address();
  private final Address bob = TestKeys.key("bob").address();

  private static Genesis genesis(String chainId, List<GenesisAccount> accounts, Params params) {
    return new Genesis(chainId, 0, accounts, params);
  }

  @Test
  void soundGenesisHasNoProblems() {
    Genesis g = genesis("gridwork-1", List.of(new GenesisAccount(alice, 5)), Params.defaults());

    assertThat(g.problems()).isEmpty();
    assertThat(g.totalSupply()).isEqualTo(5);
  }

  @Test
  void chainIdMustBeLowercaseLettersDigitsAndDashes() {
    Genesis g = genesis("Gridwork_1", List.of(), Params.defaults());

    assertThat(g.problems()).singleElement().asString().startsWith("chainId 'Gridwork_1'");
  }

  @Test
  void chainIdMustNotBeBlank() {
    assertThat(genesis(" ", List.of(), Params.defaults()).problems())
        .containsExactly("chainId must not be blank");
  }

  @Test
  void chainIdLongerThan64CharactersIsRefused() {
    assertThat(genesis("a".repeat(65), List.of(), Params.defaults()).problems()).hasSize(1);
  }

  @Test
  void zeroBalanceIsRefused() {
    Genesis g = genesis("g", List.of(new GenesisAccount(alice, 0)), Params.defaults());

    assertThat(g.problems()).singleElement().asString().contains("positive balance");
  }

  @Test
  void balancesThatOverflowTogetherAreRefused() {
    Genesis g =
        genesis(
            "g",
            List.of(new GenesisAccount(alice, Long.MAX_VALUE), new GenesisAccount(bob, 1)),
            Params.defaults());

    assertThat(g.problems()).singleElement().asString().contains("add up to more than");
  }

  @Test
  void insaneParamsAreRefused() {
    Genesis g = genesis("g", List.of(), new Params(-1, 0, 0));

    assertThat(g.problems())
        .hasSize(3)
        .anySatisfy(p -> assertThat(p).startsWith("params.minFee"))
        .anySatisfy(p -> assertThat(p).startsWith("params.minProviderStake"))
        .anySatisfy(p -> assertThat(p).startsWith("params.unbondingPeriodBlocks"));
  }

  @Test
  void verificationPoolSeedCountsInTheTotalSupply() {
    Genesis g =
        genesis("g", List.of(new GenesisAccount(alice, 5)), Params.defaults())
            .withVerificationPool(7);

    assertThat(g.problems()).isEmpty();
    assertThat(g.totalSupply()).isEqualTo(12);
  }

  @Test
  void negativeVerificationPoolIsRefused() {
    Genesis g = genesis("g", List.of(), Params.defaults()).withVerificationPool(-1);

    assertThat(g.problems()).containsExactly("verificationPool must not be negative, got -1ugrid");
  }

  @Test
  void verificationPoolOverflowingTheBalancesIsRefused() {
    Genesis g =
        genesis("g", List.of(new GenesisAccount(alice, Long.MAX_VALUE)), Params.defaults())
            .withVerificationPool(1);

    assertThat(g.problems()).singleElement().asString().contains("add up to more than");
  }
}
