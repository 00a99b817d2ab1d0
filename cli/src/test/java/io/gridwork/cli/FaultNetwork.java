package io.gridwork.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gridwork.api.BlockEvent;
import io.gridwork.api.TxStatus;
import io.gridwork.chain.genesis.MarketParams;
import io.gridwork.chain.genesis.Params;
import io.gridwork.client.GridworkClient;
import io.gridwork.localnet.LocalNetwork;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyFile;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.event.FeePaid;
import io.gridwork.protocol.event.LedgerEvent;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.spec.Limits;
import io.gridwork.protocol.spec.SlaTier;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.testkit.JobSpecBuilder;
import io.gridwork.testkit.TxFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A real node in this JVM on a loopback port, with every event it commits recorded, and provider
 * agents run as child JVMs: {@code gridwork agent start} for honest providers, {@link
 * PolicyAgentMain} for the dishonest and flaky variants. Fault scenarios kill, cheat and stall
 * through these processes and read the outcome back from the ledger.
 *
 * <p>The scenarios are tagged {@code faults}; {@code ./mvnw -B -pl cli -am verify -Dgroups=faults}
 * runs them alone. After a run, {@code cli/target/fault-logs} holds each agent's output and the
 * chain's events of each scenario.
 */
final class FaultNetwork implements AutoCloseable {
  static final long GRID = 1_000_000;
  static final Duration TIMEOUT = Duration.ofSeconds(150);
  static final String PASSPHRASE_VARIABLE = "GRIDWORK_FAULTS_PASSPHRASE";
  private static final String PASSPHRASE = "faults-test-passphrase";
  private static final String KEY_NAME = "provider";

  /** One provider agent running in a child JVM; closing it asks it to stop, then makes it. */
  record AgentProcess(String name, Address address, Process process, Path log)
      implements AutoCloseable {
    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }

    /** SIGKILL: no shutdown hook, no last heartbeat, no goodbye to the ledger. */
    void kill9() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor();
    }

    String output() {
      try {
        return Files.readString(log);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  final String chainId;
  final GridworkClient client;
  final TxFactory txs;
  private final Path dir;
  private final LocalNetwork network;
  private final List<BlockEvent> blocks = new CopyOnWriteArrayList<>();
  private final List<AgentProcess> agents = new ArrayList<>();

  /**
   * A node with 100 ms blocks and a 40-block bid window (agents on a busy machine take seconds to
   * bid) whose {@code funded} accounts hold 10,000 GRID each, a verification pool of 1,000 GRID,
   * and the other parameters as {@code params} changes them.
   */
  FaultNetwork(Path dir, String chainId, List<KeyPair> funded, UnaryOperator<Params> params) {
    this.dir = dir;
    this.chainId = chainId;
    this.txs = new TxFactory(chainId);
    Params base = Params.defaults().withMarket(new MarketParams(40, 64, 5, GRID, 100, GRID, 100));
    network =
        LocalNetwork.builder(dir.resolve("node"))
            .chainId(chainId)
            .genesisTime(1_700_000_000_000L)
            .fund(funded, 10_000 * GRID)
            .params(params.apply(base))
            .verificationPool(1_000 * GRID)
            .blockIntervalMillis(100)
            .verifyThreads(1)
            .start();
    client = network.client();
    network.follow(1, blocks::add);
  }

  String url() {
    return network.url();
  }

  /**
   * Agent settings for a provider with the placement {@code attributes} and one simulated RTX 4090,
   * asking {@code price} per GPU-hour, taking up to {@code unitsPerGpu} units of a job and running
   * them one at a time, with 200 GRID of stake.
   */
  Map<String, Object> settings(Map<String, String> attributes, String price, int unitsPerGpu) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("node", url());
    s.put("key", KEY_NAME);
    s.put("simulateGpus", "rtx4090:1");
    s.put("attributes", new TreeMap<>(attributes));
    s.put("defaultPrice", price);
    s.put("unitsPerGpu", unitsPerGpu);
    s.put("maxConcurrentUnits", 1);
    s.put("stake", "200GRID");
    return s;
  }

  static Map<String, Object> with(Map<String, Object> settings, String key, Object value) {
    Map<String, Object> changed = new LinkedHashMap<>(settings);
    changed.put(key, value);
    return changed;
  }

  /** Starts {@code gridwork agent start} for {@code key} in a child JVM. */
  AgentProcess startHonestAgent(String name, KeyPair key, Map<String, Object> settings)
      throws IOException {
    Path home = prepareHome(name, key, settings);
    return launch(
        name,
        key,
        List.of(
            GridworkCli.class.getName(),
            "agent",
            "start",
            "--home",
            home.toString(),
            "--passphrase-env",
            PASSPHRASE_VARIABLE));
  }

  /** Starts an agent whose results follow {@code policy} (see {@link PolicyAgentMain}). */
  AgentProcess startPolicyAgent(
      String name, KeyPair key, Map<String, Object> settings, String policy) throws IOException {
    Path home = prepareHome(name, key, settings);
    return launch(
        name, key, List.of(PolicyAgentMain.class.getName(), home.toString(), KEY_NAME, policy));
  }

  /** Waits until every agent given has said it is running and follows the chain. */
  void awaitRunning(AgentProcess... started) {
    for (AgentProcess agent : started) {
      await()
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                assertThat(agent.process().isAlive())
                    .as("agent %s exited early:%n%s", agent.name(), agent.output())
                    .isTrue();
                return agent.output().contains("is running against");
              });
    }
  }

  private Path prepareHome(String name, KeyPair key, Map<String, Object> settings)
      throws IOException {
    Path home = dir.resolve(name);
    Files.createDirectories(home);
    // A cheap scrypt cost: each agent process opens its key on two shared cores.
    Path keyFile = new KeyStore(home).file(KEY_NAME);
    Files.createDirectories(keyFile.getParent());
    Files.writeString(keyFile, KeyFile.encrypt(key, KEY_NAME, PASSPHRASE.toCharArray(), 1 << 10));
    new ObjectMapper(new YAMLFactory())
        .writeValue(home.resolve("agent.yaml").toFile(), new TreeMap<>(settings));
    return home;
  }

  private AgentProcess launch(String name, KeyPair key, List<String> mainAndArgs)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Small, quick-starting JVMs: several agents share two cores with the node and the build.
    command.addAll(
        List.of(
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path")));
    command.addAll(mainAndArgs);
    Path log = dir.resolve(name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put(PASSPHRASE_VARIABLE, PASSPHRASE);
    AgentProcess agent =
        network.startProvider(
            (url, k, home) -> new AgentProcess(name, k.address(), builder.start(), log),
            key,
            dir.resolve(name));
    agents.add(agent);
    return agent;
  }

  /**
   * A deterministic batch job for providers with the placement {@code attributes}: unit {@code u}
   * runs {@code script} under sh and writes {@code out-u.txt}; each unit pays at most 1 GRID.
   */
  static JobSpec job(Map<String, String> attributes, int units, String script, SlaTier sla) {
    JobSpecBuilder builder =
        JobSpecBuilder.batch(units, GRID, units * GRID)
            .name("faults")
            .allowSimulated()
            .sla(sla)
            .command(List.of("sh", "-c", script))
            .outputs("out-${UNIT}.txt")
            .limits(new Limits(60, 1 << 20));
    new TreeMap<>(attributes).forEach(builder::attribute);
    return builder.build();
  }

  TxStatus commit(SignedTransaction tx) {
    return network.commit(tx, TIMEOUT);
  }

  /** Waits until the recorded events reach the block the node has committed last. */
  void awaitEventsCaughtUp() {
    long head = client.status().height();
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> !blocks.isEmpty() && blocks.getLast().height() >= head);
  }

  /** Every recorded event of one kind, in commit order. */
  <T extends LedgerEvent> List<T> events(Class<T> kind) {
    List<T> out = new ArrayList<>();
    for (BlockEvent block : blocks) {
      List<LedgerEvent> all = new ArrayList<>();
      block.txs().forEach(tx -> all.addAll(tx.events()));
      all.addAll(block.blockEvents());
      all.stream().filter(kind::isInstance).map(kind::cast).forEach(out::add);
    }
    return out;
  }

  /** The recorded events of one kind about job {@code jobId}. */
  <T extends LedgerEvent> List<T> events(Class<T> kind, Hash jobId) {
    return events(kind).stream().filter(e -> e.job().filter(jobId::equals).isPresent()).toList();
  }

  long balance(Address address) {
    return client.account(address).orElseThrow().balance();
  }

  /** Blob {@code blob} of job {@code jobId}, read through the node's blob store by its buyer. */
  byte[] download(KeyPair buyer, Hash jobId, Hash blob) throws IOException {
    Path target = Files.createTempFile(dir, "blob", ".out");
    assertThat(client.downloadBlob(jobId, buyer, blob, target)).as("blob %s", blob).isTrue();
    return Files.readAllBytes(target);
  }

  static Optional<String> missing(String program) {
    boolean found =
        Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
            .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    return found ? Optional.empty() : Optional.of(program + " is not installed");
  }

  /** Every committed event with the second it was committed at, to read after a failure. */
  private String timeline() {
    if (blocks.isEmpty()) {
      return "";
    }
    long start = blocks.getFirst().timeMillis();
    StringBuilder timeline = new StringBuilder();
    for (BlockEvent block : blocks) {
      List<LedgerEvent> all = new ArrayList<>();
      block.txs().forEach(tx -> all.addAll(tx.events()));
      all.addAll(block.blockEvents());
      for (LedgerEvent e : all) {
        if (!(e instanceof FeePaid)) {
          timeline.append(
              String.format(
                  "%n%7.1f s  #%d %s %s",
                  (block.timeMillis() - start) / 1000.0, block.height(), e.type(), e.attributes()));
        }
      }
    }
    return timeline.toString();
  }

  @Override
  public void close() throws Exception {
    // Every agent is asked to stop before the network waits for each, so they stop together.
    agents.forEach(agent -> agent.process().destroy());
    network.close();
    // The agents' logs and the chain's events outlive the temporary directory, for reading
    // after a failure.
    Path kept = Path.of("target", "fault-logs");
    Files.createDirectories(kept);
    Files.writeString(kept.resolve(chainId + "-events.txt"), timeline());
    for (AgentProcess agent : agents) {
      Files.copy(
          agent.log(),
          kept.resolve(chainId + "-" + agent.name() + ".log"),
          StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
