package io.gridwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridwork.client.GridworkClient;
import io.gridwork.localnet.LocalNetwork;
import io.gridwork.protocol.crypto.KeyPair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the networked commands against one real node on a loopback port. */
class NetworkCommandsTest {
  private static final KeyPair ALICE = KeyPair.fromLabel("cli-test-alice");
  private static final KeyPair PROVIDER = KeyPair.fromLabel("cli-test-provider");
  private static final KeyPair BONDER = KeyPair.fromLabel("cli-test-bonder");
  private static final long FUNDS = 10_000_000_000L;

  @TempDir static Path dir;
  private static LocalNetwork network;
  private static String url;
  private static Path home;

  private final Cli cli = new Cli(Map.of("PASS", "test passphrase", "WRONG", "not it"));

  @BeforeAll
  static void startNodeAndImportKeys() throws Exception {
    network =
        LocalNetwork.builder(dir.resolve("node"))
            .chainId("cli-test")
            .genesisTime(0)
            .fund(List.of(ALICE, PROVIDER, BONDER), FUNDS)
            .blockIntervalMillis(100)
            .start();
    url = network.url();
    home = dir.resolve("home");
    importKey("alice", ALICE);
    importKey("prov", PROVIDER);
    importKey("bonder", BONDER);
  }

  @AfterAll
  static void stopNode() {
    network.close();
  }

  private static void importKey(String name, KeyPair key) throws Exception {
    new Cli(Map.of("PASS", "test passphrase")).importKey(home, name, key);
  }

  /** Runs a command against the test node. */
  private Cli.Result run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--node", url));
    return cli.run(all.toArray(String[]::new));
  }

  /** Runs a command against the test node that also reads the key store. */
  private Cli.Result runWithKeys(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--home", home.toString()));
    return run(all.toArray(String[]::new));
  }

  private Cli.Result send(String to, String amount, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "tx",
                "send",
                "--from",
                "alice",
                "--to",
                to,
                "--amount",
                amount,
                "--passphrase-env",
                "PASS"));
    args.addAll(List.of(extra));
    return runWithKeys(args.toArray(String[]::new));
  }

  private JsonNode json(Cli.Result result) throws Exception {
    assertThat(result.exitCode()).as(result.err()).isZero();
    return Json.MAPPER.readTree(result.out());
  }

  private static long balanceOf(KeyPair key) {
    return new GridworkClient(url).account(key.address()).orElseThrow().balance();
  }

  private static String freshAddress(String label) {
    return KeyPair.fromLabel("cli-test-recipient-" + label).address().toString();
  }

  @Test
  void sendCommitsAndTheRecipientReceivesTheAmount() throws Exception {
    String to = freshAddress("send");

    Cli.Result sent = send(to, "1.5GRID");

    assertThat(sent.exitCode()).as(sent.err()).isZero();
    assertThat(sent.out()).contains("committed").contains("OK");
    JsonNode account = json(runWithKeys("query", "account", to, "-o", "json"));
    assertThat(account.get("balance").asLong()).isEqualTo(1_500_000L);
  }

  @Test
  void sendTakesTheNameOfAKeyAsTheRecipient() throws Exception {
    KeyPair carol = KeyPair.fromLabel("cli-test-carol");
    importKey("carol", carol);

    Cli.Result sent = send("carol", "2GRID");

    assertThat(sent.exitCode()).as(sent.err()).isZero();
    JsonNode account = json(run("query", "account", carol.address().toString(), "-o", "json"));
    assertThat(account.get("balance").asLong()).isEqualTo(2_000_000L);
  }

  @Test
  void sendingMoreThanTheBalanceIsRefusedBeforeSigning() throws Exception {
    long balance = balanceOf(ALICE);

    Cli.Result sent = send(freshAddress("too-much"), (FUNDS / 1_000_000 + 1) + "GRID");

    assertThat(sent.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(sent.err()).contains("the transfer needs").contains("nothing was sent");
    assertThat(balanceOf(ALICE)).isEqualTo(balance);
  }

  @Test
  void anAllUppercaseAddressIsTheSameAccount() throws Exception {
    String lower = ALICE.address().toString();

    JsonNode account = json(run("query", "account", lower.toUpperCase(Locale.ROOT), "-o", "json"));

    assertThat(account.get("address").asText()).isEqualTo(lower);
  }

  @Test
  void sendWithNoWaitReturnsAPendingHash() throws Exception {
    JsonNode sent = json(send(freshAddress("no-wait"), "1GRID", "--no-wait", "-o", "json"));

    assertThat(sent.get("status").asText()).isEqualTo("pending");
    assertThat(sent.get("hash").asText()).hasSize(64);
  }

  @Test
  void queryTxShowsTheCommittedTransferInTextAndJson() throws Exception {
    String hash = json(send(freshAddress("query-tx"), "2GRID", "-o", "json")).get("hash").asText();

    Cli.Result text = run("query", "tx", hash);
    JsonNode json = json(run("query", "tx", hash, "-o", "json"));

    assertThat(text.exitCode()).isZero();
    assertThat(text.out()).contains("committed").contains("transfer").contains("2GRID");
    assertThat(json.get("code").asText()).isEqualTo("OK");
    assertThat(json.get("kind").asText()).isEqualTo("transfer");
    assertThat(json.get("height").asLong()).isPositive();
  }

  @Test
  void txStatusIsTheSameLookupAsQueryTx() throws Exception {
    String hash = json(send(freshAddress("tx-status"), "1GRID", "-o", "json")).get("hash").asText();

    JsonNode json = json(run("tx", "status", hash, "-o", "json"));

    assertThat(json.get("status").asText()).isEqualTo("committed");
  }

  @Test
  void providerRegisterThenQueryProviderShowsItsGpusAndStake() throws Exception {
    Cli.Result registered =
        runWithKeys(
            "provider",
            "register",
            "--from",
            "prov",
            "--gpu",
            "rtx4090:24576:2",
            "--region",
            "eu-west",
            "--tier",
            "standard",
            "--attr",
            "datacenter=fra1",
            "--stake",
            "200GRID",
            "--passphrase-env",
            "PASS");

    assertThat(registered.exitCode()).as(registered.err() + registered.out()).isZero();
    Cli.Result text = runWithKeys("query", "provider", "prov");
    assertThat(text.out()).contains("rtx4090").contains("eu-west").contains("200GRID");
    JsonNode json =
        json(runWithKeys("query", "provider", PROVIDER.address().toString(), "-o", "json"));
    assertThat(json.get("stake").asLong()).isEqualTo(200_000_000L);
    assertThat(json.get("attributes").get("datacenter").asText()).isEqualTo("fra1");
    assertThat(run("query", "providers").out()).contains(PROVIDER.address().toString());
  }

  @Test
  void bondAddsStakeAndUnbondMovesItToUnbonding() throws Exception {
    String[] signer = {"--from", "bonder", "--passphrase-env", "PASS"};
    runWithKeys(
        concat(
            signer,
            "provider",
            "register",
            "--gpu",
            "a100:81920:1",
            "--region",
            "us-east",
            "--tier",
            "standard",
            "--stake",
            "100GRID"));

    Cli.Result bonded = runWithKeys(concat(signer, "provider", "bond", "--amount", "50GRID"));
    Cli.Result unbonded = runWithKeys(concat(signer, "provider", "unbond", "--amount", "20GRID"));

    assertThat(bonded.exitCode()).as(bonded.err()).isZero();
    assertThat(unbonded.exitCode()).as(unbonded.err()).isZero();
    JsonNode provider = json(runWithKeys("query", "provider", "bonder", "-o", "json"));
    assertThat(provider.get("stake").asLong()).isEqualTo(130_000_000L);
    assertThat(provider.get("unbonding").asLong()).isEqualTo(20_000_000L);
  }

  @Test
  void closeLeaseOfALeaseThatDoesNotExistSaysSo() {
    Cli.Result closed =
        runWithKeys(
            "provider",
            "close-lease",
            "ab".repeat(32),
            "--from",
            "prov",
            "--passphrase-env",
            "PASS");

    assertThat(closed.exitCode()).isNotZero();
    assertThat(closed.out() + closed.err()).contains("LEASE_NOT_FOUND");
  }

  private static String[] concat(String[] tail, String... head) {
    List<String> all = new ArrayList<>(List.of(head));
    all.addAll(List.of(tail));
    return all.toArray(String[]::new);
  }

  @Test
  void queryBlockShowsTheLatestBlockAndABlockByHeight() throws Exception {
    JsonNode latest = json(run("query", "block", "-o", "json"));

    Cli.Result first = run("query", "block", "1");

    assertThat(latest.get("height").asLong()).isPositive();
    assertThat(latest.get("hash").asText()).hasSize(64);
    assertThat(first.exitCode()).isZero();
    assertThat(first.out()).contains("height:").contains("stateRoot:");
  }

  @Test
  void aNegativeOrNonNumericBlockHeightIsAUsageError() {
    for (String height : List.of("-1", "abc")) {
      Cli.Result result = run("query", "block", height);

      assertThat(result.exitCode()).as(height).isEqualTo(ExitCode.USAGE);
      assertThat(result.err()).contains("'" + height + "' is not a block height");
    }
  }

  @Test
  void queryParamsShowsTheGenesisParametersInTextAndJson() throws Exception {
    Cli.Result text = run("query", "params");
    JsonNode json = json(run("query", "params", "-o", "json"));

    assertThat(text.out()).contains("cli-test").contains("0.001GRID").contains("100GRID");
    assertThat(json.get("minFee").asLong()).isEqualTo(1_000L);
    assertThat(json.get("chainId").asText()).isEqualTo("cli-test");
    assertThat(text.out()).contains("deposit at least 1GRID");
    assertThat(json.path("market").path("minDeposit").asLong()).isEqualTo(1_000_000L);
    assertThat(json.path("audit").path("challengeWindowBlocks").asLong()).isPositive();
  }

  @Test
  void queryStatusReportsTheChainAndHeight() throws Exception {
    JsonNode json = json(run("query", "status", "-o", "json"));

    assertThat(json.get("chainId").asText()).isEqualTo("cli-test");
    assertThat(json.get("height").asLong()).isNotNegative();
  }

  @Test
  void aWrongPassphraseIsAClearErrorAndNothingIsSent() {
    Cli.Result result =
        runWithKeys(
            "tx",
            "send",
            "--from",
            "alice",
            "--to",
            freshAddress("wrong-pass"),
            "--amount",
            "1GRID",
            "--passphrase-env",
            "WRONG");

    assertThat(result.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(result.err()).contains("wrong passphrase");
  }

  @Test
  void anAddressWithATypoIsAUsageErrorNamingTheChecksum() {
    String address = freshAddress("typo");
    char last = address.charAt(address.length() - 1);
    String typo = address.substring(0, address.length() - 1) + (last == 'q' ? 'p' : 'q');

    Cli.Result result = send(typo, "1GRID");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("checksum");
  }

  @Test
  void anAmountWithoutAUnitIsAUsageError() {
    Cli.Result result = send(freshAddress("no-unit"), "15");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("no unit").contains("1.5GRID");
  }

  @Test
  void anUnknownKeyNameSaysHowToListKeys() {
    Cli.Result result =
        runWithKeys(
            "tx",
            "send",
            "--from",
            "mallory",
            "--to",
            freshAddress("unknown-key"),
            "--amount",
            "1GRID",
            "--passphrase-env",
            "PASS");

    assertThat(result.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(result.err()).contains("no key named 'mallory'").contains("gridwork key list");
  }

  @Test
  void aNodeThatIsNotRunningIsReportedWithItsUrl() {
    Cli.Result result = cli.run("query", "status", "--node", "http://127.0.0.1:1");

    assertThat(result.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(result.err()).contains("http://127.0.0.1:1").contains("is the node running");
  }

  @Test
  void queryingAnAccountThatIsNeitherAddressNorKeyIsAUsageError() {
    Cli.Result result = runWithKeys("query", "account", "nobody");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("neither an address");
  }

  @Test
  void queryingAProviderThatIsNotRegisteredSaysHowToRegister() {
    Cli.Result result = runWithKeys("query", "provider", freshAddress("not-a-provider"));

    assertThat(result.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(result.err()).contains("gridwork provider register");
  }
}
