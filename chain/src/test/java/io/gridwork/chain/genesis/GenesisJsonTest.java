package io.gridwork.chain.genesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.gridwork.testkit.TestKeys;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenesisJsonTest {
  private final String alice = TestKeys.key("alice").address().toString();
  private final String bob = TestKeys.key("bob").address().toString();

  private String json(String accounts, String params) {
    return """
        {"chainId": "gridwork-devnet", "genesisTimeMillis": 1700000000000,
         "accounts": [%s]%s}
        """
        .formatted(accounts, params.isEmpty() ? "" : ", \"params\": " + params);
  }

  private String account(String address, String balance) {
    return "{\"address\": \"" + address + "\", \"balance\": " + balance + "}";
  }

  @Test
  void balancesMayBeWrittenInGridOrAsIntegerUgrid() {
    Genesis genesis =
        GenesisJson.parse(json(account(alice, "\"1000GRID\"") + "," + account(bob, "2500000"), ""));

    assertThat(genesis.accounts())
        .extracting(GenesisAccount::balance)
        .containsExactly(1_000_000_000L, 2_500_000L);
  }

  @Test
  void missingParamsTakeTheDefaults() {
    Genesis genesis = GenesisJson.parse(json(account(alice, "1"), "{\"minFee\": \"0.01GRID\"}"));

    assertThat(genesis.params())
        .isEqualTo(
            new Params(
                10_000,
                Params.defaults().minProviderStake(),
                Params.defaults().unbondingPeriodBlocks()));
  }

  @Test
  void writtenGenesisParsesBackToTheSameGenesis() {
    Genesis genesis =
        new Genesis(
            "gridwork-devnet",
            42,
            List.of(
                new GenesisAccount(TestKeys.key("alice").address(), 7),
                new GenesisAccount(TestKeys.key("bob").address(), 9)),
            new Params(5, 10, 20));

    assertThat(GenesisJson.parse(GenesisJson.write(genesis))).isEqualTo(genesis);
  }

  @Test
  void missingChainIdIsNamed() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> GenesisJson.parse("{\"genesisTimeMillis\": 0, \"accounts\": []}"))
        .withMessage("chainId is required");
  }

  @Test
  void badAddressNamesTheAccountEntry() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> GenesisJson.parse(json(account(alice, "1") + "," + account("grid1xyz", "1"), "")))
        .withMessageStartingWith("accounts[1].address: invalid address 'grid1xyz'");
  }

  @Test
  void balanceWithoutUnitIsExplained() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> GenesisJson.parse(json(account(alice, "\"1000\""), "")))
        .withMessageStartingWith("accounts[0].balance: amount '1000' has no unit");
  }

  @Test
  void fractionalNumberIsNotAWholeNumberOfBlocks() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> GenesisJson.parse(json(account(alice, "1"), "{\"unbondingPeriodBlocks\": 1.5}")))
        .withMessage("params.unbondingPeriodBlocks must be a whole number, got 1.5");
  }

  @Test
  void misspeltFieldIsRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> GenesisJson.parse(json(account(alice, "1"), "{\"minfee\": 1}")))
        .withMessageStartingWith("unknown field 'minfee' in params");
  }

  @Test
  void invalidJsonIsReportedAsSuch() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> GenesisJson.parse("{\"chainId\": "))
        .withMessageStartingWith("genesis is not valid JSON");
  }

  @Test
  void duplicateAccountIsRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> GenesisJson.parse(json(account(alice, "1") + "," + account(alice, "2"), "")))
        .withMessageContaining("account " + alice + " is listed more than once");
  }

  @Test
  void marketParamsMayBeGivenInPartWithAmountsInGrid() {
    Genesis genesis =
        GenesisJson.parse(
            json(
                account(alice, "1"),
                "{\"market\": {\"bidWindowBlocks\": 5, \"bidCollateral\": \"2GRID\"}}"));

    MarketParams d = MarketParams.defaults();
    assertThat(genesis.params().market())
        .isEqualTo(
            new MarketParams(
                5,
                d.maxBidsPerJob(),
                d.maxAuctionRounds(),
                d.minDeposit(),
                d.networkFeeBps(),
                2_000_000,
                d.nominalBlockMillis()));
  }

  @Test
  void writtenMarketParamsParseBack() {
    Genesis genesis =
        new Genesis(
            "gridwork-devnet",
            0,
            List.of(new GenesisAccount(TestKeys.key("alice").address(), 7)),
            new Params(5, 10, 20, new MarketParams(7, 9, 2, 11, 250, 13, 6_000)));

    assertThat(GenesisJson.parse(GenesisJson.write(genesis))).isEqualTo(genesis);
  }

  @Test
  void misspeltMarketFieldIsRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> GenesisJson.parse(json(account(alice, "1"), "{\"market\": {\"feeBps\": 1}}")))
        .withMessageStartingWith("unknown field 'feeBps' in params.market");
  }

  @Test
  void insaneMarketParamsAreNamed() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                GenesisJson.parse(
                    json(
                        account(alice, "1"),
                        "{\"market\": {\"networkFeeBps\": 10000, \"bidWindowBlocks\": 0}}")))
        .withMessageContaining("params.market.bidWindowBlocks must be between 1 and 100000, got 0")
        .withMessageContaining("params.market.networkFeeBps must be between 0 and 9999");
  }

  @Test
  void outOfRangeCountIsRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                GenesisJson.parse(
                    json(account(alice, "1"), "{\"market\": {\"maxBidsPerJob\": 99999999999}}")))
        .withMessage("params.market.maxBidsPerJob is out of range, got 99999999999");
  }

  @Test
  void auditParamsMayBeGivenInPart() {
    Genesis genesis =
        GenesisJson.parse(
            json(
                account(alice, "1"),
                "{\"audit\": {\"challengeWindowBlocks\": 9, \"slashFractionBps\": 250}}"));

    AuditParams d = AuditParams.defaults();
    assertThat(genesis.params().audit())
        .isEqualTo(
            new AuditParams(
                9,
                d.auditRateStartPpm(),
                d.auditRateFloorPpm(),
                d.auditHalfLifeUnits(),
                d.auditTimeoutBlocks(),
                d.maxAuditAttempts(),
                d.verificationFeeBps(),
                250,
                d.slashBuyerShareBps(),
                d.reputationAgeFullBlocks()));
  }

  @Test
  void missingAuditParamsAndPoolTakeTheDefaults() {
    Genesis genesis = GenesisJson.parse(json(account(alice, "1"), ""));

    assertThat(genesis.params().audit()).isEqualTo(AuditParams.defaults());
    assertThat(genesis.verificationPool()).isZero();
  }

  @Test
  void verificationPoolMayBeWrittenInGrid() {
    Genesis genesis =
        GenesisJson.parse(
            """
            {"chainId": "gridwork-devnet", "genesisTimeMillis": 0,
             "accounts": [%s], "verificationPool": "50GRID"}
            """
                .formatted(account(alice, "1")));

    assertThat(genesis.verificationPool()).isEqualTo(50_000_000);
    assertThat(genesis.totalSupply()).isEqualTo(50_000_001);
  }

  @Test
  void writtenAuditParamsAndPoolParseBack() {
    Genesis genesis =
        new Genesis(
            "gridwork-devnet",
            0,
            List.of(new GenesisAccount(TestKeys.key("alice").address(), 7)),
            new Params(
                5,
                10,
                20,
                MarketParams.defaults(),
                new AuditParams(3, 900_000, 10_000, 12, 8, 2, 300, 2_000, 4_000, 50)),
            1_234);

    assertThat(GenesisJson.parse(GenesisJson.write(genesis))).isEqualTo(genesis);
  }

  @Test
  void misspeltAuditFieldIsRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                GenesisJson.parse(json(account(alice, "1"), "{\"audit\": {\"windowBlocks\": 1}}")))
        .withMessageStartingWith("unknown field 'windowBlocks' in params.audit");
  }

  @Test
  void insaneAuditParamsAreNamed() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                GenesisJson.parse(
                    json(
                        account(alice, "1"),
                        "{\"audit\": {\"challengeWindowBlocks\": 0, \"auditRateFloorPpm\":"
                            + " 2000000, \"slashBuyerShareBps\": 10001}}")))
        .withMessageContaining("params.audit.challengeWindowBlocks must be between 1 and")
        .withMessageContaining("params.audit.auditRateFloorPpm must be between 0 and")
        .withMessageContaining("params.audit.slashBuyerShareBps must be between 0 and 10000");
  }

  @Test
  void feesLeavingNothingForTheProviderAreRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                GenesisJson.parse(
                    json(
                        account(alice, "1"),
                        "{\"market\": {\"networkFeeBps\": 5000},"
                            + " \"audit\": {\"verificationFeeBps\": 5000}}")))
        .withMessageContaining("must leave the provider part of every payment");
  }

  @Test
  void livenessParamsMayBeGivenInPartWithCompensationsInGrid() {
    Genesis genesis =
        GenesisJson.parse(
            json(
                account(alice, "1"),
                "{\"liveness\": {\"heartbeatGraceBlocks\": 20,"
                    + " \"premiumCompensationPerGpu\": \"30GRID\"}}"));

    LivenessParams d = LivenessParams.defaults();
    assertThat(genesis.params().liveness())
        .isEqualTo(
            new LivenessParams(
                d.heartbeatIntervalBlocks(),
                20,
                d.heartbeatTimeoutBlocks(),
                d.standardUptimeBps(),
                d.standardCompensationPerGpu(),
                d.premiumUptimeBps(),
                30_000_000));
  }

  @Test
  void missingLivenessParamsTakeTheDefaults() {
    Genesis genesis = GenesisJson.parse(json(account(alice, "1"), "{\"minFee\": 1}"));

    assertThat(genesis.params().liveness()).isEqualTo(LivenessParams.defaults());
  }

  @Test
  void writtenLivenessParamsParseBack() {
    Genesis genesis =
        new Genesis(
            "gridwork-devnet",
            0,
            List.of(new GenesisAccount(TestKeys.key("alice").address(), 7)),
            new Params(5, 10, 20).withLiveness(new LivenessParams(2, 4, 9, 9_000, 3, 9_800, 11)),
            0);

    assertThat(GenesisJson.parse(GenesisJson.write(genesis))).isEqualTo(genesis);
  }

  @Test
  void misspeltLivenessFieldIsRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                GenesisJson.parse(
                    json(account(alice, "1"), "{\"liveness\": {\"graceBlocks\": 1}}")))
        .withMessageStartingWith("unknown field 'graceBlocks' in params.liveness");
  }

  @Test
  void timeoutNotAboveTheGraceIsNamed() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                GenesisJson.parse(
                    json(
                        account(alice, "1"),
                        "{\"liveness\": {\"heartbeatGraceBlocks\": 40,"
                            + " \"heartbeatTimeoutBlocks\": 40}}")))
        .withMessageContaining(
            "params.liveness.heartbeatTimeoutBlocks must be above heartbeatGraceBlocks (40)");
  }
}
