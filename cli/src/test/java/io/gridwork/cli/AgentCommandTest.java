package io.gridwork.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridwork.agent.daemon.Agent;
import io.gridwork.agent.daemon.AgentConfig;
import io.gridwork.agent.state.AgentState;
import io.gridwork.client.GridworkClient;
import io.gridwork.localnet.LocalNetwork;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.testkit.JobSpecBuilder;
import io.gridwork.testkit.TxFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gridwork agent init|start|status}, status against an agent running on a real node. */
class AgentCommandTest {
  private static final KeyPair PROVIDER = KeyPair.fromLabel("agent-cli-provider");
  private static final KeyPair BUYER = KeyPair.fromLabel("agent-cli-buyer");
  private static final long GRID = 1_000_000;

  @TempDir static Path dir;
  private static LocalNetwork network;
  private static Path agentHome;
  private static Hash skippedJob;

  private final Cli cli = new Cli();

  @BeforeAll
  static void startNodeAndAgent() throws IOException {
    network =
        LocalNetwork.builder(dir.resolve("node"))
            .chainId("agent-cli-test")
            .genesisTime(0)
            .fund(List.of(PROVIDER, BUYER), 10_000 * GRID)
            .blockIntervalMillis(100)
            .start();
    String url = network.url();
    agentHome = dir.resolve("agent-home");
    // No docker program at all, so status says the same thing on a machine with a Docker engine.
    AgentConfig config =
        AgentConfig.parse(
            agentHome,
            "",
            Map.of(
                "node",
                url,
                "simulateGpus",
                "rtx4090:2",
                "docker",
                dir.resolve("no-docker").toString()));
    network.startProvider(
        (nodeUrl, key, home) ->
            Agent.start(config, home, key, Agent.detectOffer(config), Optional.empty()),
        PROVIDER,
        agentHome);

    // The default job spec refuses simulated GPUs, so the agent records why it did not bid.
    TxFactory txs = new TxFactory("agent-cli-test");
    GridworkClient client = network.client();
    skippedJob = txs.nextJobId(BUYER);
    SignedTransaction create =
        txs.createJob(BUYER, JobSpecBuilder.batch(2, GRID, 2 * GRID).build());
    client.submit(create);
    client.awaitCommitted(create.hash(), Duration.ofSeconds(30));
    // The state file, which status reads, has a block's decisions within a second.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                AgentState.read(config.workDir()).orElseThrow().decisions().stream()
                    .anyMatch(d -> d.job().equals(skippedJob.toHex())));
  }

  @AfterAll
  static void stop() {
    network.close();
  }

  @Test
  void initWritesTheCommentedDefaults() throws Exception {
    Path home = dir.resolve("init-home");

    Cli.Result result = cli.run("agent", "init", "--home", home.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    String yaml = Files.readString(home.resolve("agent.yaml"));
    assertThat(yaml).contains("# ");
    assertThat(AgentConfig.parse(home, yaml, Map.of())).isEqualTo(AgentConfig.defaults(home));
  }

  @Test
  void initRefusesToOverwriteAnExistingFile() {
    Path home = dir.resolve("init-twice");
    cli.run("agent", "init", "--home", home.toString());

    Cli.Result again = cli.run("agent", "init", "--home", home.toString());

    assertThat(again.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(again.err()).contains("already exists");
  }

  @Test
  void startWithoutAKeySaysHowToCreateOne() {
    Path home = dir.resolve("keyless");

    Cli.Result result =
        cli.run("agent", "start", "--home", home.toString(), "--simulate-gpus", "rtx4090:1");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err())
        .contains("no key 'provider'")
        .contains("gridwork key new provider --home " + home.toAbsolutePath());
  }

  @Test
  void statusWithoutAnAgentSaysHowToStartOne() {
    Cli.Result result = cli.run("agent", "status", "--home", dir.resolve("empty").toString());

    assertThat(result.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(result.err()).contains("gridwork agent start");
  }

  @Test
  void statusShowsTheRunningAgentsGpusEarningsAndDecisions() {
    Cli.Result result = cli.run("agent", "status", "--home", agentHome.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains(PROVIDER.address().toString())
        .contains("(running")
        .contains("GPUs         SIMULATED")
        .contains("NVIDIA GeForce RTX 4090, 24564 MiB, 450 W (simulated)")
        .contains("leases       0 active")
        .contains("since the agent first started")
        .contains("SKIP SIMULATED_NOT_ALLOWED");
  }

  @Test
  void statusSaysWhyContainerImageJobsAreNotRun() {
    Cli.Result result = cli.run("agent", "status", "--home", agentHome.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("containers   container-image jobs are not run: cannot run")
        .contains("no-docker");
  }

  @Test
  void statusAsJsonCarriesTheSameFigures() throws Exception {
    Cli.Result result =
        cli.run("agent", "status", "--home", agentHome.toString(), "--output", "json");

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode json = Json.MAPPER.readTree(result.out());
    assertThat(json.path("address").asText()).isEqualTo(PROVIDER.address().toString());
    assertThat(json.path("running").asBoolean()).isTrue();
    assertThat(json.path("gpus")).hasSize(2);
    assertThat(json.path("gpus").get(0).path("simulated").asBoolean()).isTrue();
    assertThat(json.path("earned").asLong()).isZero();
    assertThat(json.path("activeLeases")).isEmpty();
    assertThat(json.path("recentDecisions").findValuesAsText("reason"))
        .contains("SIMULATED_NOT_ALLOWED");
    assertThat(json.path("containerEngine").path("answers").isBoolean()).isTrue();
    assertThat(json.path("containerEngine").path("answers").asBoolean()).isFalse();
  }
}
