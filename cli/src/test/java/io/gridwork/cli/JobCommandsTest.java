package io.gridwork.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridwork.api.AccountInfo;
import io.gridwork.api.JobInfo;
import io.gridwork.api.TxStatus;
import io.gridwork.chain.genesis.MarketParams;
import io.gridwork.chain.genesis.Params;
import io.gridwork.client.GridworkClient;
import io.gridwork.localnet.LocalNetwork;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.event.AuctionClosed;
import io.gridwork.protocol.event.BidPlaced;
import io.gridwork.protocol.event.JobCreated;
import io.gridwork.protocol.event.JobDone;
import io.gridwork.protocol.event.LeaseOpened;
import io.gridwork.protocol.event.LedgerEvent;
import io.gridwork.protocol.event.UnitCompleted;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the buyer's job commands against one real node on a loopback port, with providers whose
 * bids and unit results are signed directly, as their agents would.
 */
class JobCommandsTest {
  private static final String CHAIN = "jobcli-test";
  private static final KeyPair BUYER = KeyPair.fromLabel("jobcli-buyer");
  // Jobs of the shared buyer close and refund at times of their own: balance checks use their own
  // keys.
  private static final KeyPair PAYER = KeyPair.fromLabel("jobcli-payer");
  private static final KeyPair CLOSER = KeyPair.fromLabel("jobcli-closer");
  private static final KeyPair CHEAP = KeyPair.fromLabel("jobcli-provider-cheap");
  private static final KeyPair DEAR = KeyPair.fromLabel("jobcli-provider-dear");
  private static final long FUNDS = 100_000_000_000L;
  private static final long STAKE = 200_000_000L;
  private static final Duration COMMIT = Duration.ofSeconds(30);

  @TempDir static Path dir;
  private static LocalNetwork network;
  private static String url;
  private static Path home;
  private static GridworkClient client;
  private static final TxFactory providers = new TxFactory(CHAIN);

  private final Cli cli = new Cli(Map.of("PASS", "test passphrase"));

  @BeforeAll
  static void startNodeWithTwoProviders() throws Exception {
    // A bid window of 30 blocks of 100 ms leaves time to bid before the auction.
    Params params =
        Params.defaults().withMarket(new MarketParams(30, 64, 3, 1_000_000, 100, 1_000_000, 1_000));
    network =
        LocalNetwork.builder(dir.resolve("node"))
            .chainId(CHAIN)
            .genesisTime(0)
            .fund(List.of(BUYER, PAYER, CLOSER, CHEAP, DEAR), FUNDS)
            .params(params)
            .blockIntervalMillis(100)
            .start();
    url = network.url();
    client = network.client();
    home = dir.resolve("home");
    importKey("buyer", BUYER);
    importKey("payer", PAYER);
    importKey("closer", CLOSER);
    commit(providers.registerProvider(CHEAP, "rtx4090", 2, "eu-west", STAKE));
    commit(providers.registerProvider(DEAR, "rtx4090", 2, "eu-west", STAKE));
  }

  private static void importKey(String name, KeyPair key) throws Exception {
    new Cli(Map.of("PASS", "test passphrase")).importKey(home, name, key);
  }

  @AfterAll
  static void stopNode() {
    network.close();
  }

  private static TxStatus.Commit commit(SignedTransaction tx) {
    return network.commit(tx, COMMIT).commit();
  }

  private Cli.Result run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--node", url));
    return cli.run(all.toArray(String[]::new));
  }

  private Cli.Result runSigned(String... args) {
    return runSignedBy("buyer", args);
  }

  private Cli.Result runSignedBy(String key, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--from", key, "--home", home.toString(), "--passphrase-env", "PASS"));
    return run(all.toArray(String[]::new));
  }

  private static JsonNode json(Cli.Result result) throws Exception {
    assertThat(result.exitCode()).as(result.err()).isZero();
    return Json.MAPPER.readTree(result.out());
  }

  private static long nonce() {
    return client.account(BUYER.address()).map(AccountInfo::nonce).orElse(0L);
  }

  private static long balance(KeyPair key) {
    return client.account(key.address()).orElseThrow().balance();
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

  /** Submits a spec through the command line and returns the new job's id. */
  private Hash submit(Path spec, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("job", "submit", spec.toString(), "-o", "json"));
    args.addAll(List.of(extra));
    JsonNode out = json(runSigned(args.toArray(String[]::new)));
    return Hash.fromHex(out.path("jobs").get(0).path("job").asText());
  }

  @Test
  void submittingASpecCreatesTheJobAndMovesTheDepositToEscrow() throws Exception {
    long balance = balance(PAYER);

    Cli.Result result = runSignedBy("payer", "job", "submit", spec("posted", "").toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    Hash jobId = JobIds.jobId(PAYER.address(), 0);
    assertThat(result.out())
        .contains("valid Gridwork job spec (posted, batch of 2 units, 1 GPU per run)")
        .contains(jobId.toHex())
        .contains("escrow:")
        .contains("gridwork job status " + jobId.toHex());
    JobInfo job = client.job(jobId).orElseThrow();
    assertThat(job.escrow()).isEqualTo(2_000_000L);
    assertThat(balance(PAYER)).isEqualTo(balance - 2_000_000L - 1_000L);
  }

  @Test
  void aDepositUnderTheChainMinimumIsRefusedBeforeSigning() throws Exception {
    // Valid as a spec, but under the chain's minimum deposit of 1 GRID.
    Path small = dir.resolve("too-small-deposit.yaml");
    Files.writeString(
        small,
        Files.readString(spec("too-small", ""))
            .replace(
                "maxPricePerUnit: 1GRID, deposit: 2GRID",
                "maxPricePerUnit: 0.1GRID, deposit: 0.5GRID"));
    long nonce = nonce();
    Hash wouldBe = JobIds.jobId(BUYER.address(), nonce);

    Cli.Result result = runSigned("job", "submit", small.toString());

    assertThat(result.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(result.err())
        .contains("deposits 0.5GRID, under this chain's minimum of 1GRID")
        .contains("Nothing was sent");
    assertThat(result.out()).doesNotContain(wouldBe.toHex());
    assertThat(nonce()).isEqualTo(nonce);
  }

  @Test
  void closingOrToppingUpAFinishedJobIsRefusedBeforeSigning() throws Exception {
    Hash jobId = submit(spec("finished", ""));
    assertThat(runSigned("job", "close", jobId.toHex()).exitCode()).isZero();
    long balance = balance(BUYER);

    Cli.Result close = runSigned("job", "close", jobId.toHex());
    Cli.Result deposit = runSigned("job", "deposit", jobId.toHex(), "--amount", "1GRID");

    assertThat(close.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(close.err())
        .contains("is already CLOSED (BUYER_CLOSED): closing it would be rejected");
    assertThat(deposit.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(deposit.err()).contains("is already CLOSED").contains("a deposit would be rejected");
    assertThat(balance(BUYER)).isEqualTo(balance);
  }

  @Test
  void anInvalidSpecSendsNothingAndListsEveryError() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad,
        """
        name: Bad_Name
        units: 0
        workload:
          process: {command: [echo, hi]}
        pricing: {maxPricePerUnit: 1GRID, deposit: 2GRID}
        """);
    long before = nonce();

    Cli.Result result = runSigned("job", "submit", bad.toString());

    assertThat(result.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(result.out()).contains("not a valid job spec").contains("name:").contains("units:");
    assertThat(result.err()).contains("nothing was sent");
    assertThat(nonce()).isEqualTo(before);
  }

  @Test
  void anSdlFileWithTwoReplicasSubmitsTwoJobs() throws Exception {
    Path sdl = dir.resolve("deploy.yaml");
    Files.writeString(
        sdl,
        """
        version: "2.0"
        services:
          web:
            image: nginx:1.27
            expose:
              - port: 80
                to:
                  - global: true
        profiles:
          compute:
            web:
              resources:
                cpu: {units: 1}
                memory: {size: 512Mi}
                storage: [{size: 1Gi}]
          placement:
            dc:
              pricing:
                web: {denom: uakt, amount: 100}
        deployment:
          web:
            dc: {profile: web, count: 2}
        """);

    JsonNode out = json(runSigned("job", "submit", sdl.toString(), "-o", "json"));

    assertThat(out.path("validation").path("format").asText()).isEqualTo("akash-sdl");
    assertThat(out.path("jobs")).hasSize(2);
    for (JsonNode job : out.path("jobs")) {
      assertThat(job.path("status").asText()).isEqualTo("created");
      assertThat(client.job(Hash.fromHex(job.path("job").asText()))).isPresent();
    }
  }

  @Test
  void anInputWhoseHashDiffersFromTheSpecStopsBeforePaying() throws Exception {
    Path inputs = Files.createDirectories(dir.resolve("wrong-inputs"));
    Files.writeString(inputs.resolve("scene.txt"), "not the scene the spec names");
    Hash named = Hash.sha256("the real scene".getBytes(StandardCharsets.UTF_8));
    Path spec =
        spec(
            "with-wrong-input",
            "inputs: [{name: scene.txt, sha256: %s, size: 14}]".formatted(named.toHex()));
    long before = nonce();

    Cli.Result result = runSigned("job", "submit", spec.toString(), "--inputs", inputs.toString());

    assertThat(result.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(result.err()).contains("nothing was sent").contains(named.toHex());
    assertThat(nonce()).isEqualTo(before);
  }

  @Test
  void inputsAreUploadedOnceTheJobExists() throws Exception {
    Path inputs = Files.createDirectories(dir.resolve("inputs"));
    byte[] scene = "the real scene".getBytes(StandardCharsets.UTF_8);
    Files.write(inputs.resolve("scene.txt"), scene);
    Hash hash = Hash.sha256(scene);
    Path spec =
        spec(
            "with-input",
            "inputs: [{name: scene.txt, sha256: %s, size: 14}]".formatted(hash.toHex()));

    JsonNode out =
        json(
            runSigned(
                "job", "submit", spec.toString(), "--inputs", inputs.toString(), "-o", "json"));

    assertThat(out.path("jobs").get(0).path("inputsUploaded").get(0).path("name").asText())
        .isEqualTo("scene.txt");
    Hash jobId = Hash.fromHex(out.path("jobs").get(0).path("job").asText());
    assertThat(client.blobSize(jobId, BUYER, hash)).hasValue(14);
  }

  @Test
  void bidsAreListedCheapestFirstAndStatusAndListShowTheJob() throws Exception {
    Hash jobId = submit(spec("auctioned", ""));
    commit(providers.placeBid(DEAR, jobId, 900_000, "rtx4090", 1, 2));
    commit(providers.placeBid(CHEAP, jobId, 400_000, "RTX4090", 1, 2));

    Cli.Result bidsText = run("job", "bids", jobId.toHex());
    JsonNode bids = json(run("job", "bids", jobId.toHex(), "-o", "json"));
    JsonNode status = json(run("job", "status", jobId.toHex(), "-o", "json"));
    Cli.Result list = run("job", "list", "--buyer", BUYER.address().toString(), "--status", "open");

    assertThat(bidsText.out().indexOf(CHEAP.address().toString()))
        .isLessThan(bidsText.out().indexOf(DEAR.address().toString()));
    assertThat(bidsText.out()).contains("0.4GRID/unit");
    assertThat(bids.get(0).path("provider").asText()).isEqualTo(CHEAP.address().toString());
    assertThat(bids.get(0).path("price").asLong()).isEqualTo(400_000);
    assertThat(status.path("status").asText()).isEqualTo("OPEN");
    assertThat(status.path("auctionRound").asInt()).isEqualTo(1);
    assertThat(status.path("units").path("pending").asInt()).isEqualTo(2);
    assertThat(status.path("escrow").asLong()).isEqualTo(2_000_000);
    assertThat(list.out()).contains(jobId.toHex()).contains("auctioned");
  }

  @Test
  void aJobClosedForLackOfBidsSaysSoInsteadOfWaiting() throws Exception {
    Hash jobId = submit(spec("unwanted", "placement: {regions: [ap-south]}"));
    await()
        .atMost(60, TimeUnit.SECONDS)
        .until(() -> client.job(jobId).orElseThrow().status() == JobStatus.CLOSED);

    Cli.Result status = run("job", "status", jobId.toHex());

    assertThat(status.exitCode()).as(status.err()).isZero();
    Cli.Result logs = run("job", "logs", jobId.toHex());
    assertThat(logs.out()).contains("auction round 1:").contains("auction round 3:");
    assertThat(status.out())
        .contains("No leases: the job closed (NO_BIDS) before any was opened.")
        .contains("not run (job closed)")
        .doesNotContain("No leases yet")
        .doesNotContainPattern("\\n[01]\\s+pending");
  }

  @Test
  void explainNamesTheRegionThatFiltersEveryProviderAndSuggestsOne() throws Exception {
    Hash jobId = submit(spec("far-away", "placement: {regions: [us-east]}"));

    Cli.Result text = run("job", "explain", jobId.toHex());
    JsonNode json = json(run("job", "explain", jobId.toHex(), "-o", "json"));

    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out()).containsPattern("region\\s+2\\s+0").contains("OPEN, round 1, bidding");
    assertThat(json.path("suggestion").asText())
        .contains("2 provider(s) have rtx4090 but none in region us-east")
        .contains("add eu-west");
    JsonNode region = json.path("constraints").get(ProviderFit.Constraint.REGION.ordinal());
    assertThat(region.path("filteredOut").asInt()).isEqualTo(2);
  }

  @Test
  void closingAJobRefundsItsEscrow() throws Exception {
    JsonNode submitted =
        json(
            runSignedBy(
                "closer", "job", "submit", spec("closed-early", "").toString(), "-o", "json"));
    Hash jobId = Hash.fromHex(submitted.path("jobs").get(0).path("job").asText());
    long balance = balance(CLOSER);

    JsonNode out = json(runSignedBy("closer", "job", "close", jobId.toHex(), "-o", "json"));

    assertThat(out.path("refunded").asLong()).isEqualTo(2_000_000);
    assertThat(client.job(jobId).orElseThrow().status()).isEqualTo(JobStatus.CLOSED);
    assertThat(balance(CLOSER)).isEqualTo(balance + 2_000_000 - 1_000);
  }

  @Test
  void depositAddsToTheEscrow() throws Exception {
    Hash jobId = submit(spec("topped-up", ""));

    JsonNode out =
        json(runSigned("job", "deposit", jobId.toHex(), "--amount", "1GRID", "-o", "json"));

    assertThat(out.path("escrow").asLong()).isEqualTo(3_000_000);
    assertThat(client.job(jobId).orElseThrow().escrow()).isEqualTo(3_000_000);
  }

  @Test
  void aFinishedJobsOutputsDownloadByteForByteAndItsTimelineAndWatchShowIt() throws Exception {
    Hash jobId = submit(spec("rendered", ""));
    commit(providers.placeBid(CHEAP, jobId, 500_000, "rtx4090", 1, 2));
    Hash leaseId = JobIds.leaseId(jobId, CHEAP.address());
    await().atMost(30, TimeUnit.SECONDS).until(() -> client.lease(leaseId).isPresent());
    CompletableFuture<Cli.Result> watch =
        CompletableFuture.supplyAsync(() -> run("job", "status", jobId.toHex(), "--watch"));
    List<byte[]> frames = new ArrayList<>();
    for (int unit = 0; unit < 2; unit++) {
      byte[] frame = ("frame " + unit + " pixels").getBytes(StandardCharsets.UTF_8);
      frames.add(frame);
      Path file = dir.resolve("provider-frame-" + unit);
      Files.write(file, frame);
      Hash output = client.uploadBlob(jobId, CHEAP, file);
      commit(providers.unitResult(CHEAP, leaseId, unit, output));
    }
    Path out = dir.resolve("results");

    Cli.Result watched = watch.get(60, TimeUnit.SECONDS);
    Cli.Result results = runSigned("job", "results", jobId.toHex(), "--out", out.toString());
    Cli.Result logs = run("job", "logs", jobId.toHex());

    assertThat(watched.exitCode()).as(watched.err()).isZero();
    assertThat(watched.out()).contains("DONE").contains(CHEAP.address().toString());
    assertThat(results.exitCode()).as(results.err()).isZero();
    assertThat(Files.readAllBytes(out.resolve("frame-0.txt"))).isEqualTo(frames.get(0));
    assertThat(Files.readAllBytes(out.resolve("frame-1.txt"))).isEqualTo(frames.get(1));
    assertThat(logs.exitCode()).as(logs.err()).isZero();
    assertThat(logs.out())
        .containsSubsequence(
            LedgerEvent.typeOf(JobCreated.class),
            LedgerEvent.typeOf(BidPlaced.class),
            LedgerEvent.typeOf(LeaseOpened.class),
            LedgerEvent.typeOf(AuctionClosed.class),
            LedgerEvent.typeOf(UnitCompleted.class),
            LedgerEvent.typeOf(UnitCompleted.class),
            LedgerEvent.typeOf(JobDone.class));
  }

  @Test
  void anotherAccountCannotFetchAJobsResults() throws Exception {
    Hash jobId = submit(spec("not-yours", ""));
    commit(providers.placeBid(CHEAP, jobId, 500_000, "rtx4090", 1, 2));
    Hash leaseId = JobIds.leaseId(jobId, CHEAP.address());
    await().atMost(30, TimeUnit.SECONDS).until(() -> client.lease(leaseId).isPresent());
    Path file = Files.writeString(dir.resolve("private-frame"), "the buyer's frame");
    Hash output = client.uploadBlob(jobId, CHEAP, file);
    commit(providers.unitResult(CHEAP, leaseId, 0, output));
    Path out = dir.resolve("stolen");

    Cli.Result result =
        runSignedBy("payer", "job", "results", jobId.toHex(), "--out", out.toString());

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err()).contains("BLOB_FORBIDDEN");
    assertThat(out.resolve("frame-0.txt")).doesNotExist();
  }

  @Test
  void aUnitWithSeveralOutputsIsFetchedThroughItsManifest() throws Exception {
    Path spec = dir.resolve("two-outputs.yaml");
    Files.writeString(
        spec,
        """
        name: two-outputs
        units: 1
        workload:
          process: {command: [train]}
        resources:
          gpu: {count: 1}
        pricing: {maxPricePerUnit: 1GRID, deposit: 1GRID}
        outputs: [model.bin, metrics.json]
        """);
    Hash jobId = submit(spec);
    commit(providers.placeBid(DEAR, jobId, 700_000, "rtx4090", 1, 1));
    Hash leaseId = JobIds.leaseId(jobId, DEAR.address());
    await().atMost(30, TimeUnit.SECONDS).until(() -> client.lease(leaseId).isPresent());
    byte[] model = "weights".getBytes(StandardCharsets.UTF_8);
    byte[] metrics = "{\"loss\": 0.1}".getBytes(StandardCharsets.UTF_8);
    Hash modelHash = upload(jobId, "model.bin", model);
    Hash metricsHash = upload(jobId, "metrics.json", metrics);
    byte[] manifest =
        (metricsHash.toHex() + "  metrics.json\n" + modelHash.toHex() + "  model.bin\n")
            .getBytes(StandardCharsets.UTF_8);
    commit(providers.unitResult(DEAR, leaseId, 0, upload(jobId, "SHA256SUMS", manifest)));
    Path out = dir.resolve("two-results");

    Cli.Result result = runSigned("job", "results", jobId.toHex(), "--out", out.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(Files.readAllBytes(out.resolve("unit-0/model.bin"))).isEqualTo(model);
    assertThat(Files.readAllBytes(out.resolve("unit-0/metrics.json"))).isEqualTo(metrics);
  }

  private static Hash upload(Hash jobId, String name, byte[] content) throws Exception {
    Path file = Files.createDirectories(dir.resolve("provider-" + jobId.toHex())).resolve(name);
    Files.write(file, content);
    return client.uploadBlob(jobId, DEAR, file);
  }

  @Test
  void resultsSayWhichUnitsAreNotDoneYet() throws Exception {
    Hash jobId = submit(spec("waiting", ""));

    Cli.Result result =
        runSigned("job", "results", jobId.toHex(), "--out", dir.resolve("none").toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("2 unit(s) not done yet: 0-1");
  }
}
