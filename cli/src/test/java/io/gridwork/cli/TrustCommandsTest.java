package io.gridwork.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridwork.api.BlockEvent;
import io.gridwork.api.TxStatus;
import io.gridwork.chain.genesis.MarketParams;
import io.gridwork.chain.genesis.Params;
import io.gridwork.client.GridworkClient;
import io.gridwork.localnet.LocalNetwork;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.event.AuditAssigned;
import io.gridwork.protocol.event.AuditPassed;
import io.gridwork.protocol.event.LedgerEvent;
import io.gridwork.protocol.event.UnitCompleted;
import io.gridwork.protocol.event.UnitReported;
import io.gridwork.protocol.market.JobStatus;
import io.gridwork.protocol.tx.JobIds;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.testkit.TxFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives what the command line shows about verification, reputation and SLAs against one real node
 * on a loopback port: the chain's default audit parameters with a seeded verification pool, three
 * providers whose bids, results and audit answers are signed directly, as their agents would.
 */
class TrustCommandsTest {
  private static final String CHAIN = "trustcli-test";
  private static final KeyPair BUYER = KeyPair.fromLabel("trustcli-buyer");
  private static final List<KeyPair> PROVIDERS =
      List.of(
          KeyPair.fromLabel("trustcli-provider-0"),
          KeyPair.fromLabel("trustcli-provider-1"),
          KeyPair.fromLabel("trustcli-provider-2"));
  private static final long FUNDS = 100_000_000_000L;
  private static final long STAKE = 200_000_000L;
  private static final long POOL = 50_000_000L;
  private static final Duration COMMIT = Duration.ofSeconds(30);

  @TempDir static Path dir;
  private static LocalNetwork network;
  private static String url;
  private static Path home;
  private static GridworkClient client;
  private static final TxFactory txs = new TxFactory(CHAIN);
  private static final Queue<LedgerEvent> events = new ConcurrentLinkedQueue<>();

  private final Cli cli = new Cli(Map.of("PASS", "test passphrase"));

  @BeforeAll
  static void startNodeWithThreeProviders() throws Exception {
    // A bid window of 30 blocks of 100 ms leaves time to bid before the auction.
    Params params =
        Params.defaults().withMarket(new MarketParams(30, 64, 3, 1_000_000, 100, 1_000_000, 1_000));
    network =
        LocalNetwork.builder(dir.resolve("node"))
            .chainId(CHAIN)
            .genesisTime(0)
            .fund(BUYER.address(), FUNDS)
            .fund(PROVIDERS, FUNDS)
            .params(params)
            .verificationPool(POOL)
            .blockIntervalMillis(100)
            .start();
    url = network.url();
    client = network.client();
    network.follow(1, TrustCommandsTest::keep);
    home = dir.resolve("home");
    new Cli(Map.of("PASS", "test passphrase")).importKey(home, "buyer", BUYER);
    for (KeyPair p : PROVIDERS) {
      commit(txs.registerProvider(p, "rtx4090", 2, "eu-west", STAKE));
    }
  }

  @AfterAll
  static void stopNode() {
    network.close();
  }

  private static void keep(BlockEvent block) {
    block.txs().forEach(tx -> events.addAll(tx.events()));
    events.addAll(block.blockEvents());
  }

  private static TxStatus.Commit commit(SignedTransaction tx) {
    return network.commit(tx, COMMIT).commit();
  }

  private Cli.Result run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--node", url));
    return cli.run(all.toArray(String[]::new));
  }

  private Cli.Result submit(Path spec, String... extra) {
    List<String> all = new ArrayList<>(List.of("job", "submit", spec.toString()));
    all.addAll(List.of(extra));
    all.addAll(List.of("--from", "buyer", "--home", home.toString(), "--passphrase-env", "PASS"));
    return run(all.toArray(String[]::new));
  }

  private static JsonNode json(Cli.Result result) throws Exception {
    assertThat(result.exitCode()).as(result.err()).isZero();
    return Json.MAPPER.readTree(result.out());
  }

  private static Path spec(String name, String extra) throws Exception {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(
        file,
        """
        name: %s
        units: 2
        workload:
          process: {command: [render, "${UNIT}"]}
        resources:
          gpu: {count: 1, models: [rtx4090]}
        pricing: {maxPricePerUnit: 1GRID, deposit: 2GRID}
        outputs: ["frame-${UNIT}.txt"]
        %s
        """
            .formatted(name, extra));
    return file;
  }

  private Hash submitted(Path spec) throws Exception {
    JsonNode out = json(submit(spec, "-o", "json"));
    return Hash.fromHex(out.path("jobs").get(0).path("job").asText());
  }

  private static KeyPair key(String address) {
    return PROVIDERS.stream()
        .filter(p -> p.address().equals(Address.parse(address)))
        .findFirst()
        .orElseThrow();
  }

  private static Hash output(Hash job, int unit) {
    return Hash.sha256(job.bytes(), ("frame " + unit).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Has provider 0 win the job and report both units, every audit the ledger assigns answered with
   * the same output, and waits until the job is done.
   */
  private static void runAudited(Hash jobId) {
    KeyPair winner = PROVIDERS.get(0);
    commit(txs.placeBid(winner, jobId, 500_000, "rtx4090", 1, 2));
    Hash leaseId = JobIds.leaseId(jobId, winner.address());
    await().atMost(30, TimeUnit.SECONDS).until(() -> client.lease(leaseId).isPresent());
    for (int unit = 0; unit < 2; unit++) {
      commit(txs.unitResult(winner, leaseId, unit, output(jobId, unit)));
    }
    List<AuditAssigned> answered = new ArrayList<>();
    await()
        .atMost(60, TimeUnit.SECONDS)
        .until(
            () -> {
              for (LedgerEvent e : events) {
                if (e instanceof AuditAssigned assigned
                    && assigned.jobId().equals(jobId)
                    && !answered.contains(assigned)) {
                  answered.add(assigned);
                  int unit = assigned.unit();
                  commit(
                      txs.auditResult(
                          key(assigned.auditor().toString()), jobId, unit, output(jobId, unit)));
                }
              }
              return client.job(jobId).orElseThrow().status() == JobStatus.DONE;
            });
  }

  @Test
  void submitSaysADeterministicJobIsSpotCheckedAndWhatItsSlaPromises() throws Exception {
    Cli.Result submitted = submit(spec("checked", "sla: standard"));

    assertThat(submitted.exitCode()).as(submitted.err()).isZero();
    assertThat(submitted.out())
        .contains("verification: deterministic")
        .contains("Verification fee 5% of each unit's price")
        .contains("challenge window of 5 blocks")
        .contains("SLA: standard")
        .contains("95% of its expected heartbeats")
        .contains("5GRID");
  }

  @Test
  void submitWarnsThatANonDeterministicJobIsNotReExecuted() throws Exception {
    JsonNode out = json(submit(spec("unchecked", "deterministic: false"), "-o", "json"));
    Cli.Result text = submit(spec("unchecked-text", "deterministic: false"));

    assertThat(out.path("jobs").get(0).path("terms").path("reExecuted").asBoolean()).isFalse();
    assertThat(out.path("jobs").get(0).path("terms").path("sla").path("tier").asText())
        .isEqualTo("best-effort");
    assertThat(text.out())
        .contains("NOT deterministic")
        .contains("only liveness and provider reputation protect you")
        .contains("SLA: best-effort; no uptime promise and no compensation");
  }

  @Test
  void validateStatesTheTermsOfflineWithTheDefaultParameters() throws Exception {
    Cli.Result validated = cli.run("job", "validate", spec("offline", "sla: premium").toString());

    assertThat(validated.exitCode()).as(validated.err()).isZero();
    assertThat(validated.out())
        .contains("verification: deterministic")
        .contains("SLA: premium")
        .contains("99% of its expected heartbeats")
        .contains("ledger's defaults");
  }

  @Test
  void logsRenderHeldPaymentsAuditVerdictsAndTheVerificationFee() throws Exception {
    Hash jobId = submitted(spec("audited", ""));
    runAudited(jobId);

    Cli.Result logs = run("job", "logs", jobId.toHex());

    assertThat(logs.exitCode()).as(logs.err()).isZero();
    assertThat(logs.out())
        .containsSubsequence(
            LedgerEvent.typeOf(UnitReported.class),
            "payment held until height",
            "(challenge window)")
        .containsSubsequence(
            LedgerEvent.typeOf(AuditAssigned.class), "sampled for re-execution by auditor")
        .containsSubsequence(LedgerEvent.typeOf(AuditPassed.class), "verified: auditor")
        .containsSubsequence(LedgerEvent.typeOf(UnitCompleted.class), "+ verification fee");
  }

  @Test
  void queryProviderShowsTheReputationPartsAuditRateAndSlaStake() throws Exception {
    Hash jobId = submitted(spec("reputation", ""));
    runAudited(jobId);
    String provider = PROVIDERS.get(0).address().toString();

    Cli.Result text = run("query", "provider", provider);
    JsonNode json = json(run("query", "provider", provider, "-o", "json"));

    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out())
        .contains("reputation:")
        .contains("uptime")
        .contains("completion")
        .contains("audits")
        .contains("age")
        .contains("consecutive verified units")
        .contains("slashes:")
        .contains("slaCommitted:");
    assertThat(json.path("reputation").path("unitsCompleted").asLong()).isGreaterThanOrEqualTo(2);
    assertThat(json.path("reputation").path("auditsPassed").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(json.path("reputation").path("parts").path("auditsPpm").asLong()).isPositive();
    assertThat(json.path("auditRate").asLong()).isBetween(20_000L, 1_000_000L);
    assertThat(json.path("slashes").asLong()).isZero();
  }

  @Test
  void bidsShowEachProvidersScoreAndTheEffectivePriceTheAuctionRanksBy() throws Exception {
    Hash jobId = submitted(spec("ranked", ""));
    commit(txs.placeBid(PROVIDERS.get(1), jobId, 400_000, "rtx4090", 1, 2));
    commit(txs.placeBid(PROVIDERS.get(2), jobId, 450_000, "rtx4090", 1, 2));

    Cli.Result text = run("job", "bids", jobId.toHex());
    JsonNode bids = json(run("job", "bids", jobId.toHex(), "-o", "json"));

    assertThat(text.out()).contains("SCORE").contains("EFFECTIVE").contains("effective price");
    assertThat(bids).hasSize(2);
    for (JsonNode bid : bids) {
      long price = bid.path("price").asLong();
      int score = bid.path("score").asInt();
      assertThat(score).isBetween(0, 1000);
      assertThat(bid.path("effectivePrice").asLong()).isEqualTo(price * (2000 - score) / 1000);
    }
    assertThat(bids.get(0).path("effectivePrice").asLong())
        .isLessThanOrEqualTo(bids.get(1).path("effectivePrice").asLong());
  }

  @Test
  void statusShowsEachUnitsProviderAuditorAndVerdict() throws Exception {
    Hash jobId = submitted(spec("status", ""));
    runAudited(jobId);

    Cli.Result text = run("job", "status", jobId.toHex());
    JsonNode json = json(run("job", "status", jobId.toHex(), "-o", "json"));

    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out()).contains("AUDITED BY").contains("VERDICT").contains("final");
    JsonNode units = json.path("unitDetails");
    assertThat(units).hasSize(2);
    for (JsonNode unit : units) {
      assertThat(unit.path("status").asText()).isEqualTo("FINAL");
      assertThat(unit.path("provider").asText()).isEqualTo(PROVIDERS.get(0).address().toString());
    }
    assertThat(units.findValues("verdict")).extracting(JsonNode::asText).contains("passed");
    assertThat(json.path("heldEscrow").asLong()).isZero();
  }

  @Test
  void statusShowsTheEscrowHeldForReportedUnitsAndFlagsASilentLeaseAsSuspended() throws Exception {
    Hash jobId = submitted(spec("held", ""));
    KeyPair winner = PROVIDERS.get(1);
    commit(txs.placeBid(winner, jobId, 500_000, "rtx4090", 1, 2));
    Hash leaseId = JobIds.leaseId(jobId, winner.address());
    await().atMost(30, TimeUnit.SECONDS).until(() -> client.lease(leaseId).isPresent());
    commit(txs.unitResult(winner, leaseId, 0, output(jobId, 0)));
    await()
        .atMost(30, TimeUnit.SECONDS)
        .until(() -> client.lease(leaseId).orElseThrow().suspended());

    Cli.Result text = run("job", "status", jobId.toHex());
    JsonNode json = json(run("job", "status", jobId.toHex(), "-o", "json"));

    assertThat(text.out()).contains("SUSPENDED: lease of " + winner.address());
    assertThat(json.path("heldEscrow").asLong()).isEqualTo(500_000);
    assertThat(text.out()).contains("0.5GRID of escrow held for 1 unit(s)");
    assertThat(json.path("unitDetails").get(0).path("status").asText())
        .isIn("REPORTED", "AWAITING_AUDIT");
  }

  @Test
  void queryParamsShowsTheAuditAndLivenessParameters() throws Exception {
    Cli.Result text = run("query", "params");
    JsonNode json = json(run("query", "params", "-o", "json"));

    assertThat(text.out()).contains("challenge window 5 blocks").contains("heartbeat every 5");
    assertThat(json.path("audit").path("verificationFeeBps").asInt()).isEqualTo(500);
    assertThat(json.path("liveness").path("premiumUptimeBps").asInt()).isEqualTo(9_900);
  }
}
