package io.gridwork.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridwork.agent.daemon.Agent;
import io.gridwork.agent.daemon.AgentConfig;
import io.gridwork.agent.daemon.AgentStartException;
import io.gridwork.agent.state.AgentState;
import io.gridwork.agent.state.AgentStateException;
import io.gridwork.agent.state.AgentStatus;
import io.gridwork.api.LeaseInfo;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.spec.SlaTier;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gridwork agent ...}: run the provider agent that bids with this machine's GPUs. */
@Command(
    name = "agent",
    description = "Run the provider agent: it bids on jobs, runs units and reports results.",
    subcommands = {AgentCommand.Init.class, AgentCommand.Start.class, AgentCommand.Status.class})
final class AgentCommand extends CommandGroup {

  @Command(name = "init", description = "Write a commented default agent.yaml into the home dir.")
  static final class Init extends GridworkCommand {
    @Mixin HomeOption home;

    @Override
    int execute() throws IOException {
      Path file = home.resolve().resolve(AgentConfig.FILE);
      if (Files.exists(file)) {
        throw new CommandFailure(file + " already exists; edit it, or remove it to start over");
      }
      Files.createDirectories(file.getParent());
      Files.writeString(file, AgentConfig.defaultYaml());
      out().println("wrote " + file);
      out().flush();
      return ExitCode.OK;
    }
  }

  @Command(
      name = "start",
      description = {
        "Register the provider if needed, then bid, run units and report until Ctrl-C.",
        "Settings come from <home>/agent.yaml (see 'gridwork agent init'); flags override it.",
        "A restarted agent picks up its leases where it left them."
      })
  static final class Start extends GridworkCommand {
    @Mixin HomeOption home;
    @Mixin PassphraseOptions passphrase;

    @Option(names = "--node", paramLabel = "URL", description = "node API URL")
    String node;

    @Option(names = "--key", paramLabel = "NAME", description = "signing key (default: provider)")
    String key;

    @Option(
        names = "--simulate-gpus",
        paramLabel = "MODEL:COUNT",
        description = "offer simulated GPUs for a devnet, e.g. rtx4090:2")
    String simulateGpus;

    @Option(names = "--region", paramLabel = "REGION", description = "where the GPUs are")
    String region;

    @Option(
        names = "--tier",
        paramLabel = "TIER",
        converter = Converters.TierConverter.class,
        description = "best-effort, standard, premium")
    SlaTier tier;

    @Option(
        names = "--price",
        paramLabel = "MODEL=AMOUNT",
        description = "asking price per GPU-hour, e.g. rtx4090=0.40GRID; repeatable")
    Map<String, String> prices = new LinkedHashMap<>();

    @Option(names = "--stake", paramLabel = "AMOUNT", description = "stake to bond on registering")
    String stake;

    @Option(
        names = "--public-host",
        paramLabel = "HOST",
        description =
            "host name or address buyers reach this machine's services at; registered as the"
                + " provider attribute host")
    String publicHost;

    @Option(
        names = "--docker",
        paramLabel = "PATH",
        description = "the docker CLI that runs container-image jobs (default: docker on PATH)")
    String docker;

    @Option(
        names = "--reset-state",
        description =
            "move the agent's state aside (to state.json.old) and start afresh at the chain's head:"
                + " for a home reused against a re-initialised chain")
    boolean resetState;

    @Option(
        names = "--metrics-port",
        paramLabel = "PORT",
        description = "serve Prometheus /metrics on 127.0.0.1:PORT (0 = off)")
    Integer metricsPort;

    @Override
    int execute() throws InterruptedException {
      Path dir = home.resolve();
      AgentConfig config = config(dir);
      KeyStore keys = new KeyStore(dir);
      if (!keys.exists(config.keyName())) {
        throw new CommandFailure(
            ExitCode.USAGE,
            "no key '"
                + config.keyName()
                + "' in "
                + keys.dir()
                + ": create one with 'gridwork key new "
                + config.keyName()
                + " --home "
                + dir
                + "' (and fund it), or name another with --key");
      }
      char[] secret = passphrase.read(config.keyName(), false);
      KeyPair signer;
      try {
        signer = keys.unlock(config.keyName(), secret);
      } finally {
        Arrays.fill(secret, '\0');
      }
      Agent.Offer offer;
      try {
        offer = Agent.detectOffer(config);
      } catch (IllegalArgumentException e) {
        throw new CommandFailure(ExitCode.USAGE, e.getMessage());
      }
      announce(offer);
      if (resetState) {
        try {
          AgentState.setAside(config.workDir())
              .ifPresent(old -> out().println("moved the old agent state to " + old));
        } catch (AgentStateException e) {
          throw new CommandFailure(e.getMessage());
        }
      }
      Agent agent;
      try {
        agent = Agent.start(config, dir, signer, offer, runningJar(config));
      } catch (AgentStartException e) {
        throw new CommandFailure(e.getMessage());
      }
      out()
          .println(
              "agent "
                  + agent.address()
                  + " is running against "
                  + config.nodeUrl()
                  + (agent.metricsPort() > 0
                      ? "; metrics on http://127.0.0.1:" + agent.metricsPort() + "/metrics"
                      : "")
                  + ". Press Ctrl-C to stop; a restart resumes its leases.");
      out().flush();
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    agent.close();
                    stopped.countDown();
                  },
                  "agent-shutdown"));
      stopped.await();
      return ExitCode.OK;
    }

    private AgentConfig config(Path dir) {
      Map<String, Object> overrides = new TreeMap<>();
      putIfSet(overrides, "node", node);
      putIfSet(overrides, "key", key);
      putIfSet(overrides, "simulateGpus", simulateGpus);
      putIfSet(overrides, "region", region);
      putIfSet(overrides, "tier", tier == null ? null : tier.wireName());
      putIfSet(overrides, "stake", stake);
      putIfSet(overrides, "metricsPort", metricsPort);
      putIfSet(overrides, "publicHost", publicHost);
      // A path given on the command line is relative to where the command runs, not to the home.
      putIfSet(
          overrides,
          "docker",
          docker == null || !docker.contains("/")
              ? docker
              : Path.of(docker).toAbsolutePath().normalize().toString());
      try {
        if (!prices.isEmpty()) {
          Map<String, Object> table = new TreeMap<>(AgentConfig.load(dir, overrides).prices());
          table.putAll(prices);
          overrides.put("prices", table);
        }
        return AgentConfig.load(dir, overrides);
      } catch (IllegalArgumentException e) {
        throw new CommandFailure(ExitCode.USAGE, e.getMessage());
      }
    }

    private static void putIfSet(Map<String, Object> overrides, String key, Object value) {
      if (value != null) {
        overrides.put(key, value);
      }
    }

    private void announce(Agent.Offer offer) {
      if (offer.inventory().simulated()) {
        out().println("!!! SIMULATED GPUs: " + gpuList(offer) + " !!!");
        out()
            .println(
                "!!! They do not exist. The provider is registered with simulated=true and only"
                    + " jobs that allow simulated GPUs will be bid on. !!!");
      } else if (offer.cpuOnlyReason().isPresent()) {
        out().println(offer.cpuOnlyReason().get());
      } else {
        out().println("offering " + gpuList(offer));
      }
      out().flush();
    }

    private static String gpuList(Agent.Offer offer) {
      List<String> groups = new ArrayList<>();
      offer
          .inventory()
          .groups()
          .forEach(g -> groups.add(g.count() + " x " + g.model() + " (" + g.vramMib() + " MiB)"));
      return String.join(", ", groups);
    }

    /** The jar this command runs from, so units can run {@code gridwork sample ...} inside. */
    private static Optional<Path> runningJar(AgentConfig config) {
      if (config.gridworkJar().isPresent()) {
        return config.gridworkJar();
      }
      CodeSource source = GridworkCli.class.getProtectionDomain().getCodeSource();
      if (source == null) {
        return Optional.empty();
      }
      try {
        Path location = Path.of(source.getLocation().toURI());
        return location.toString().endsWith(".jar") ? Optional.of(location) : Optional.empty();
      } catch (URISyntaxException e) {
        throw new CommandFailure(
            "cannot locate the running gridwork jar ("
                + e.getMessage()
                + "); set gridworkJar in "
                + AgentConfig.FILE);
      }
    }
  }

  @Command(
      name = "status",
      description = "Show the agent's GPUs, leases, units, earnings and recent bid decisions.")
  static final class Status extends GridworkCommand {
    private static final int DECISIONS_SHOWN = 10;

    @Mixin HomeOption home;
    @Mixin OutputOption output;

    @Option(names = "--node", paramLabel = "URL", description = "node API URL")
    String node;

    @Override
    int execute() {
      Path dir = home.resolve();
      AgentConfig config;
      try {
        config = AgentConfig.load(dir, node == null ? Map.of() : Map.of("node", node));
      } catch (IllegalArgumentException e) {
        throw new CommandFailure(ExitCode.USAGE, e.getMessage());
      }
      String nodeUrl;
      Optional<AgentStatus> status;
      try {
        nodeUrl =
            node != null
                ? config.nodeUrl()
                : AgentState.read(config.workDir())
                    .map(AgentState.Snapshot::nodeUrl)
                    .orElse(config.nodeUrl());
        status = AgentStatus.collect(config.workDir(), nodeUrl);
      } catch (AgentStateException e) {
        throw new CommandFailure(e.getMessage());
      }
      if (status.isEmpty()) {
        throw new CommandFailure(
            "no agent has run with work directory "
                + config.workDir()
                + "; start one with 'gridwork agent start --home "
                + dir
                + "'");
      }
      report(status.get()).print(output.format, out());
      return ExitCode.OK;
    }

    private static Report report(AgentStatus s) {
      AgentState.Snapshot a = s.agent();
      StringBuilder text = new StringBuilder();
      ObjectNode json = Json.MAPPER.createObjectNode();
      json.put("address", a.address());
      json.put("node", a.nodeUrl());
      json.put("running", a.running());
      json.put("updatedAt", Instant.ofEpochMilli(a.updatedAtMillis()).toString());
      json.put("lastHeight", a.lastHeight());
      text.append("agent        ")
          .append(a.address())
          .append(a.running() ? " (running" : " (stopped")
          .append(", last update ")
          .append(Instant.ofEpochMilli(a.updatedAtMillis()))
          .append(", block ")
          .append(a.lastHeight())
          .append(")\n");

      ArrayNode gpus = json.putArray("gpus");
      boolean simulated = a.gpus().stream().anyMatch(AgentState.GpuView::simulated);
      if (a.gpus().isEmpty()) {
        text.append("GPUs         none: CPU only")
            .append(a.cpuOnlyReason() == null ? "" : " (" + a.cpuOnlyReason() + ")")
            .append('\n');
      } else {
        text.append("GPUs         ").append(simulated ? "SIMULATED" : "real").append('\n');
      }
      for (AgentState.GpuView g : a.gpus()) {
        gpus.addObject()
            .put("index", g.index())
            .put("name", g.name())
            .put("memoryMib", g.memoryMib())
            .put("powerLimitMilliwatts", g.powerLimitMilliwatts())
            .put("simulated", g.simulated());
        text.append("  ")
            .append(g.index())
            .append(": ")
            .append(g.name())
            .append(", ")
            .append(g.memoryMib())
            .append(" MiB, ")
            .append(g.powerLimitMilliwatts() / 1000)
            .append(" W")
            .append(g.simulated() ? " (simulated)" : "")
            .append('\n');
      }

      AgentState.ContainerEngine engine = a.containerEngine();
      if (engine != null) {
        json.putObject("containerEngine")
            .put("answers", engine.answers())
            .put("detail", engine.detail())
            .put("since", Instant.ofEpochMilli(engine.sinceMillis()).toString());
      }
      text.append("containers   ")
          .append(
              engine == null
                  ? "not probed yet"
                  : (engine.answers()
                          ? "container-image jobs are run: "
                          : "container-image jobs are not run: ")
                      + engine.detail()
                      + " (since "
                      + Instant.ofEpochMilli(engine.sinceMillis())
                      + ")")
          .append('\n');

      json.put("unitsDone", a.unitsDone());
      json.put("unitsFailed", a.unitsFailed());
      json.put("bidsPlaced", a.bidsPlaced());
      json.put("leasesGivenUp", a.leasesGivenUp());
      text.append("units        ")
          .append(a.unitsDone())
          .append(" done, ")
          .append(a.unitsFailed())
          .append(" failed attempt(s); ")
          .append(a.bidsPlaced())
          .append(" bid(s) placed, ")
          .append(a.leasesGivenUp())
          .append(" lease(s) given up\n");

      json.put("auditsDone", a.auditsDone());
      json.put("auditsFailed", a.auditsFailed());
      json.put("auditsPending", a.audits().size());
      json.put("auditsEarned", a.auditsEarned());
      text.append("audits       ")
          .append(a.auditsDone())
          .append(" done, ")
          .append(a.auditsFailed())
          .append(" failed, ")
          .append(a.audits().size())
          .append(" in progress; earned ")
          .append(Amount.format(a.auditsEarned()))
          .append(" from audits\n");

      json.put("earningsSinceHeight", a.startHeight());
      json.put("electricityCost", s.electricityCost());
      if (s.ledger().isPresent()) {
        AgentStatus.Ledger ledger = s.ledger().get();
        ArrayNode leases = json.putArray("activeLeases");
        text.append("leases       ").append(ledger.activeLeases().size()).append(" active\n");
        for (LeaseInfo l : ledger.activeLeases()) {
          leases
              .addObject()
              .put("id", l.id().toHex())
              .put("job", l.jobId().toHex())
              .put("gpuModel", l.gpuModel())
              .put("gpuCount", l.gpuCount())
              .put("unitsAssigned", l.unitsAssigned())
              .put("unitsDone", l.unitsDone())
              .put("paid", l.paid());
          text.append("  ")
              .append(l.id().toHex(), 0, 16)
              .append("  job ")
              .append(l.jobId().toHex(), 0, 16)
              .append("  ")
              .append(l.unitsDone())
              .append('/')
              .append(l.unitsAssigned())
              .append(" units, paid ")
              .append(Amount.format(l.paid()))
              .append('\n');
        }
        long net = ledger.earned() + a.auditsEarned() - s.electricityCost();
        json.put("leasesWon", ledger.leasesWon());
        json.put("earned", ledger.earned());
        json.put("net", net);
        text.append("earned       ")
            .append(Amount.format(ledger.earned()))
            .append(" since the agent first started (block ")
            .append(a.startHeight())
            .append(", ")
            .append(ledger.leasesWon())
            .append(" lease(s) won)\n");
        text.append("electricity  ")
            .append(Amount.format(s.electricityCost()))
            .append(" (power limit x time running units x ")
            .append(Amount.format(a.electricityPerKwh()))
            .append("/kWh)\n");
        text.append("net          ")
            .append(net < 0 ? "-" + Amount.format(-net) : Amount.format(net))
            .append('\n');
      } else {
        json.put("ledgerProblem", s.ledgerProblem().orElse(""));
        text.append("ledger       unavailable: ").append(s.ledgerProblem().orElse("")).append('\n');
        text.append("electricity  ").append(Amount.format(s.electricityCost())).append('\n');
      }

      ArrayNode services = json.putArray("services");
      if (!a.services().isEmpty()) {
        text.append("services     ").append(a.services().size()).append(" running here\n");
      }
      for (AgentState.ServiceView v : a.services().values()) {
        long uptimeMillis =
            v.liveSinceMillis() == 0 ? 0 : Math.max(0, a.updatedAtMillis() - v.liveSinceMillis());
        services
            .addObject()
            .put("lease", v.lease())
            .put("job", v.job())
            .put("state", v.state())
            .put("restarts", v.restarts())
            .put(
                "liveSince",
                v.liveSinceMillis() == 0
                    ? null
                    : Instant.ofEpochMilli(v.liveSinceMillis()).toString())
            .put("uptimeSeconds", uptimeMillis / 1000)
            .put("lastProblem", v.lastProblem())
            .put("stdoutTail", v.stdoutTail())
            .put("stderrTail", v.stderrTail())
            .set("ports", Json.MAPPER.valueToTree(v.ports()));
        text.append("  ")
            .append(v.lease(), 0, 16)
            .append("  job ")
            .append(v.job(), 0, 16)
            .append("  ")
            .append(v.state().toLowerCase(Locale.ROOT))
            .append(v.liveSinceMillis() == 0 ? "" : " for " + uptimeMillis / 1000 + " s")
            .append(", ")
            .append(v.restarts())
            .append(" restart(s), ports ")
            .append(v.ports().isEmpty() ? "none" : v.ports().toString())
            .append('\n');
        if (!v.lastProblem().isEmpty()) {
          text.append("    last problem: ").append(v.lastProblem()).append('\n');
        }
      }

      ArrayNode decisions = json.putArray("recentDecisions");
      List<AgentState.Decision> recent = a.decisions();
      text.append("recent decisions\n");
      if (recent.isEmpty()) {
        text.append("  none yet\n");
      }
      for (int i = recent.size() - 1; i >= 0; i--) {
        AgentState.Decision d = recent.get(i);
        decisions
            .addObject()
            .put("height", d.height())
            .put("job", d.job())
            .put("action", d.action())
            .put("reason", d.reason())
            .put("message", d.message());
        if (recent.size() - i <= DECISIONS_SHOWN) {
          text.append("  block ")
              .append(d.height())
              .append("  job ")
              .append(d.job(), 0, 16)
              .append("  ")
              .append(d.action().equals("BID") ? "BID " : "SKIP " + d.reason() + ": ")
              .append(d.message())
              .append('\n');
        }
      }
      return new Report(text.toString(), json);
    }
  }
}
