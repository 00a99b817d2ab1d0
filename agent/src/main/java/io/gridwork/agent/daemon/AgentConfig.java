package io.gridwork.agent.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.spec.SlaTier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything one provider agent process is told: read from {@code <home>/agent.yaml}, with flags
 * given as overrides of the same keys so a flag and the file are checked alike. Amounts are ugrid
 * (written in the file as e.g. {@code 0.40GRID} or a whole number of ugrid).
 *
 * @param nodeUrl the node's API (default {@code http://127.0.0.1:7700})
 * @param keyName the key in {@code <home>/keys} that signs bids and results (default {@code
 *     provider})
 * @param region where the GPUs are, registered with the provider (default {@code local})
 * @param tier the registered service tier: best-effort, standard or premium (default best-effort)
 * @param attributes placement attributes registered with the provider (default none)
 * @param simulateGpus simulated GPUs such as {@code rtx4090:2}; empty asks nvidia-smi (default)
 * @param prices asking price per GPU-hour by model; a key matches a model whose name contains it
 *     once both are lower-cased without spaces and dashes, so {@code rtx4090} prices {@code NVIDIA
 *     GeForce RTX 4090}
 * @param defaultPrice price per GPU-hour of a model the table does not name (default 0.40GRID)
 * @param estimatedUnitSeconds assumed running time of one batch unit, which turns GPU-hour prices
 *     into per-unit bids (default 60)
 * @param electricityPerKwh what the operator pays for power (default 0.15GRID)
 * @param marginBps the electricity floor's markup in basis points; 12000 = +20% (default 12000)
 * @param priceScript an optional program that prices each order (default none)
 * @param priceScriptTimeout how long the price script may take (default 5 s)
 * @param stake stake bonded when the agent registers the provider (default 100GRID)
 * @param workDir where units run and the agent keeps its state (default {@code <home>/agent})
 * @param maxConcurrentUnits units run at once across all leases (default 2)
 * @param unitsPerGpu most units bid for per free GPU group a job needs (default 8)
 * @param maxUnitSeconds wall-clock cap on one unit, applied under the job's own limit (default
 *     3600)
 * @param maxOutputBytesPerUnit cap on one unit's outputs under the job's own limit (default 1 GiB)
 * @param checkpointIntervalSeconds how often a running unit's checkpoint directory is looked at
 *     and, when it changed, uploaded and recorded on the ledger (default 30)
 * @param metricsPort port of the Prometheus {@code /metrics} endpoint on 127.0.0.1; 0 = off
 * @param gridworkJar the gridwork jar bound read-only into sandboxes; empty = the running one
 * @param docker the docker CLI that runs container jobs: a name looked up on {@code PATH} or a path
 *     (default {@code docker})
 * @param containerProbeSeconds how often {@code docker info} is asked whether an engine answers;
 *     container jobs are bid on only while one does (default 60)
 * @param publicHost the host name or address buyers reach this machine's services at, registered as
 *     the provider attribute {@code host}; empty registers none (default)
 * @param serviceStartupSeconds how long a service may take to open its exposed ports after each
 *     start before failed probes count against it (default 120)
 * @param serviceProbeIntervalMillis how often a service is checked: process alive, exposed ports
 *     accepting a connection on 127.0.0.1 (default 5000)
 * @param serviceProbeFailures consecutive failed checks after which a service is restarted (default
 *     3)
 */
public record AgentConfig(
    String nodeUrl,
    String keyName,
    String region,
    SlaTier tier,
    SortedMap<String, String> attributes,
    String simulateGpus,
    SortedMap<String, Long> prices,
    long defaultPrice,
    long estimatedUnitSeconds,
    long electricityPerKwh,
    int marginBps,
    List<String> priceScript,
    Duration priceScriptTimeout,
    long stake,
    Path workDir,
    int maxConcurrentUnits,
    int unitsPerGpu,
    long maxUnitSeconds,
    long maxOutputBytesPerUnit,
    long checkpointIntervalSeconds,
    int metricsPort,
    Optional<Path> gridworkJar,
    String docker,
    long containerProbeSeconds,
    String publicHost,
    long serviceStartupSeconds,
    long serviceProbeIntervalMillis,
    int serviceProbeFailures) {

  public static final String FILE = "agent.yaml";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> KEYS =
      Set.of(
          "node",
          "key",
          "region",
          "tier",
          "attributes",
          "simulateGpus",
          "prices",
          "defaultPrice",
          "estimatedUnitSeconds",
          "electricityPerKwh",
          "marginBps",
          "priceScript",
          "priceScriptTimeoutMillis",
          "stake",
          "workDir",
          "maxConcurrentUnits",
          "unitsPerGpu",
          "maxUnitSeconds",
          "maxOutputBytesPerUnit",
          "checkpointIntervalSeconds",
          "metricsPort",
          "gridworkJar",
          "docker",
          "containerProbeSeconds",
          "publicHost",
          "serviceStartupSeconds",
          "serviceProbeIntervalMillis",
          "serviceProbeFailures");

  public AgentConfig {
    attributes = Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
    prices = Collections.unmodifiableSortedMap(new TreeMap<>(prices));
    priceScript = List.copyOf(priceScript);
    Objects.requireNonNull(tier, "tier");
    if (region.isBlank() || keyName.isBlank()) {
      throw new IllegalArgumentException("region and key must not be empty");
    }
    positive("defaultPrice", defaultPrice);
    positive("estimatedUnitSeconds", estimatedUnitSeconds);
    positive("maxConcurrentUnits", maxConcurrentUnits);
    positive("unitsPerGpu", unitsPerGpu);
    positive("maxUnitSeconds", maxUnitSeconds);
    positive("maxOutputBytesPerUnit", maxOutputBytesPerUnit);
    positive("checkpointIntervalSeconds", checkpointIntervalSeconds);
    positive("priceScriptTimeoutMillis", priceScriptTimeout.toMillis());
    positive("containerProbeSeconds", containerProbeSeconds);
    if (docker.isBlank()) {
      throw new IllegalArgumentException("docker must name the docker program or its path");
    }
    positive("serviceProbeIntervalMillis", serviceProbeIntervalMillis);
    positive("serviceProbeFailures", serviceProbeFailures);
    if (serviceStartupSeconds < 0) {
      throw new IllegalArgumentException(
          "serviceStartupSeconds must not be negative, got " + serviceStartupSeconds);
    }
    if (publicHost.chars().anyMatch(c -> c <= ' ' || c == '/' || c == 0x7f)) {
      throw new IllegalArgumentException(
          "publicHost must be a bare host name or address such as gpu1.example.com, got '"
              + publicHost
              + "'");
    }
    if (stake < 0 || electricityPerKwh < 0) {
      throw new IllegalArgumentException("stake and electricityPerKwh must not be negative");
    }
    if (metricsPort < 0 || metricsPort > 65_535) {
      throw new IllegalArgumentException(
          "metricsPort must be 0 (off) to 65535, got " + metricsPort);
    }
  }

  /** The defaults, with the work directory under {@code home}. */
  public static AgentConfig defaults(Path home) {
    return parse(home, "", Map.of());
  }

  /**
   * Reads {@code <home>/agent.yaml} if present, then applies {@code overrides} (keys as in the
   * file). Throws {@link IllegalArgumentException} naming the key at fault.
   */
  public static AgentConfig load(Path home, Map<String, Object> overrides) {
    String yaml;
    try {
      yaml = Files.readString(home.resolve(FILE));
    } catch (NoSuchFileException e) {
      yaml = "";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + home.resolve(FILE), e);
    }
    return parse(home, yaml, overrides);
  }

  public static AgentConfig parse(Path home, String yaml, Map<String, Object> overrides) {
    ObjectNode tree;
    try {
      JsonNode read = yaml.isBlank() ? YAML.createObjectNode() : YAML.readTree(yaml);
      if (read == null || read.isNull() || read.isMissingNode()) {
        read = YAML.createObjectNode();
      }
      if (!read.isObject()) {
        throw new IllegalArgumentException(FILE + " must be a mapping of settings");
      }
      tree = (ObjectNode) read;
    } catch (IOException e) {
      throw new IllegalArgumentException(FILE + " is not valid YAML: " + e.getMessage(), e);
    }
    overrides.forEach((key, value) -> tree.set(key, YAML.valueToTree(value)));
    List<String> unknown = new ArrayList<>();
    tree.fieldNames().forEachRemaining(k -> unknown.add(k));
    unknown.removeAll(KEYS);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown setting(s) "
              + unknown
              + " in "
              + FILE
              + "; known: "
              + String.join(", ", new TreeSet<>(KEYS)));
    }
    Path work = Path.of(text(tree, "workDir", "agent"));
    String jar = text(tree, "gridworkJar", "");
    return new AgentConfig(
        text(tree, "node", "http://127.0.0.1:7700"),
        text(tree, "key", "provider"),
        text(tree, "region", "local"),
        SlaTier.parse(text(tree, "tier", SlaTier.BEST_EFFORT.wireName())),
        stringMap(tree, "attributes"),
        text(tree, "simulateGpus", ""),
        priceMap(tree, "prices"),
        amount(tree, "defaultPrice", 400_000),
        whole(tree, "estimatedUnitSeconds", 60),
        amount(tree, "electricityPerKwh", 150_000),
        small(tree, "marginBps", 12_000),
        stringList(tree, "priceScript"),
        Duration.ofMillis(whole(tree, "priceScriptTimeoutMillis", 5_000)),
        amount(tree, "stake", 100_000_000),
        home.resolve(work).toAbsolutePath().normalize(),
        small(tree, "maxConcurrentUnits", 2),
        small(tree, "unitsPerGpu", 8),
        whole(tree, "maxUnitSeconds", 3_600),
        whole(tree, "maxOutputBytesPerUnit", 1L << 30),
        whole(tree, "checkpointIntervalSeconds", 30),
        small(tree, "metricsPort", 0),
        jar.isBlank() ? Optional.empty() : Optional.of(home.resolve(jar).toAbsolutePath()),
        text(tree, "docker", "docker"),
        whole(tree, "containerProbeSeconds", 60),
        text(tree, "publicHost", ""),
        whole(tree, "serviceStartupSeconds", 120),
        whole(tree, "serviceProbeIntervalMillis", 5_000),
        small(tree, "serviceProbeFailures", 3));
  }

  /** The commented file {@code gridwork agent init} writes: every setting at its default. */
  public static String defaultYaml() {
    return """
        # Gridwork provider agent settings. Flags of `gridwork agent start` override these.
        # Amounts are written like 0.40GRID or as whole ugrid (1 GRID = 1000000 ugrid).

        # The node API the agent talks to.
        node: http://127.0.0.1:7700
        # The key (in <home>/keys) that signs registrations, bids, results and heartbeats.
        key: provider
        # Where the GPUs are, and the service tier promised (best-effort, standard, premium).
        region: local
        tier: best-effort
        # Placement attributes registered with the provider, e.g. datacenter: fra1
        attributes: {}
        # Simulated GPUs for a devnet, e.g. rtx4090:2. Empty: ask nvidia-smi for real ones.
        # Simulated GPUs are registered with simulated=true and only get jobs that allow them.
        simulateGpus: ""

        # Asking price per GPU-hour by model; rtx4090 matches "NVIDIA GeForce RTX 4090".
        prices: {}
        # Price per GPU-hour of models not in the table.
        defaultPrice: 0.40GRID
        # Assumed running time of one batch unit, to turn GPU-hour prices into per-unit bids.
        estimatedUnitSeconds: 60
        # Electricity: bids never go below power limit x this price x margin.
        electricityPerKwh: 0.15GRID
        # Markup of the electricity floor in basis points (12000 = +20%); at least 10000.
        marginBps: 12000
        # Optional program pricing each order: JSON on stdin, ugrid on stdout. e.g. [python3, price.py]
        priceScript: []
        priceScriptTimeoutMillis: 5000

        # Stake bonded when the agent registers this provider for the first time.
        stake: 100GRID
        # Where units run and the agent keeps its progress, relative to the home directory.
        workDir: agent
        # Units run at once across all leases.
        maxConcurrentUnits: 2
        # The most units bid for, per free set of the GPUs a job needs per unit.
        unitsPerGpu: 8
        # Caps on one unit, applied under the job's own limits.
        maxUnitSeconds: 3600
        maxOutputBytesPerUnit: 1073741824
        # Seconds between looks at a running unit's $GRIDWORK_CHECKPOINT_DIR; a changed one is
        # uploaded and recorded so the unit can resume elsewhere.
        checkpointIntervalSeconds: 30
        # Prometheus /metrics on 127.0.0.1:PORT; 0 turns it off.
        metricsPort: 0
        # The gridwork jar bound read-only into sandboxes; empty uses the running one.
        gridworkJar: ""
        # The docker CLI that runs container-image jobs (a name on PATH or a path), and how often
        # `docker info` is asked whether an engine answers; container jobs are bid on only then.
        docker: docker
        containerProbeSeconds: 60

        # Services (jobs without units). The host name or address buyers reach this machine's
        # exposed ports at, registered as the provider attribute `host`; empty publishes none.
        publicHost: ""
        # Seconds a service may take after each start to open its exposed ports.
        serviceStartupSeconds: 120
        # How often a service is checked (process alive, each exposed port accepting a connection
        # on 127.0.0.1), and after how many failed checks in a row it is restarted.
        serviceProbeIntervalMillis: 5000
        serviceProbeFailures: 3
        """;
  }

  private static void positive(String key, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(key + " must be positive, got " + value);
    }
  }

  private static String text(ObjectNode tree, String key, String fallback) {
    JsonNode v = tree.get(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isValueNode()) {
      throw new IllegalArgumentException(key + " must be a single value, got " + v);
    }
    return v.asText().strip();
  }

  private static long whole(ObjectNode tree, String key, long fallback) {
    String t = text(tree, key, Long.toString(fallback));
    try {
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, got '" + t + "'", e);
    }
  }

  private static int small(ObjectNode tree, String key, int fallback) {
    long value = whole(tree, key, fallback);
    if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
      throw new IllegalArgumentException(key + " is too large: " + value);
    }
    return (int) value;
  }

  private static long amount(ObjectNode tree, String key, long fallback) {
    String t = text(tree, key, Long.toString(fallback));
    return parseAmount(key, t);
  }

  /** A plain whole number is ugrid; anything else goes through {@link Amount#parse}. */
  static long parseAmount(String key, String text) {
    if (text.matches("[0-9]{1,18}")) {
      return Long.parseLong(text);
    }
    try {
      return Amount.parse(text).ugrid();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }

  private static SortedMap<String, String> stringMap(ObjectNode tree, String key) {
    SortedMap<String, String> out = new TreeMap<>();
    JsonNode v = tree.get(key);
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isObject()) {
      throw new IllegalArgumentException(key + " must be a mapping, got " + v);
    }
    v.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private static SortedMap<String, Long> priceMap(ObjectNode tree, String key) {
    SortedMap<String, Long> out = new TreeMap<>();
    stringMap(tree, key)
        .forEach((model, price) -> out.put(model, parseAmount(key + "." + model, price)));
    return out;
  }

  private static List<String> stringList(ObjectNode tree, String key) {
    JsonNode v = tree.get(key);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new IllegalArgumentException(key + " must be a list, e.g. [python3, price.py]");
    }
    List<String> out = new ArrayList<>();
    v.forEach(e -> out.add(e.asText()));
    return out;
  }
}
