package io.gridwork.agent.daemon;

import io.gridwork.agent.bidding.GpuNames;
import io.gridwork.agent.gpu.GpuDevice;
import io.gridwork.agent.gpu.Inventory;
import io.gridwork.agent.pricing.PriceScript;
import io.gridwork.agent.pricing.PricingConfig;
import io.gridwork.agent.state.AgentState;
import io.gridwork.agent.state.AgentStateException;
import io.gridwork.agent.work.TxSubmitter;
import io.gridwork.api.NodeStatus;
import io.gridwork.api.ProviderInfo;
import io.gridwork.api.TxStatus;
import io.gridwork.client.GridworkClient;
import io.gridwork.client.SubmitResult;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.tx.GpuInventory;
import io.gridwork.protocol.tx.RegisterProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an agent settles with the node and its own home before it runs: that its saved state follows
 * this chain, that the provider is registered as offered, and the prices it quotes; kept apart from
 * the running agent because none of it is needed once it runs.
 */
final class Registration {
  private static final Logger LOG = LoggerFactory.getLogger(Registration.class);
  private static final Duration REGISTER_WAIT = Duration.ofSeconds(60);

  private Registration() {}

  /** The attributes the provider registers: the configured ones, the cards' and the public host. */
  static SortedMap<String, String> attributes(AgentConfig config, Agent.Offer offer) {
    SortedMap<String, String> attributes = new TreeMap<>(config.attributes());
    attributes.putAll(offer.inventory().attributes());
    if (!config.publicHost().isEmpty()) {
      attributes.put(Agent.HOST_ATTRIBUTE, config.publicHost());
    }
    return attributes;
  }

  /** How the agent prices its cards, from its settings. */
  static PricingConfig pricing(AgentConfig config, Inventory inventory) {
    return new PricingConfig(
        new TreeMap<>(GpuNames.priceTable(config, inventory)),
        config.electricityPerKwh(),
        config.marginBps(),
        config.priceScript().isEmpty()
            ? Optional.empty()
            : Optional.of(new PriceScript(config.priceScript(), config.priceScriptTimeout())));
  }

  /**
   * Refuses, before anything is sent to the node, a state file that cannot be read or that follows
   * another chain (see {@link ChainMatch}).
   */
  static void checkSavedState(
      AgentConfig config, Path home, NodeStatus status, String genesisHash) {
    Optional<AgentState.Snapshot> saved;
    try {
      saved = AgentState.read(config.workDir());
    } catch (AgentStateException e) {
      throw new AgentStartException(
          e.getMessage()
              + "; to start afresh run: gridwork agent start --home "
              + home
              + " --reset-state (the old state is kept as "
              + AgentState.FILE
              + ".old)");
    }
    saved.ifPresent(
        s ->
            ChainMatch.check(
                s,
                home,
                config.workDir(),
                config.nodeUrl(),
                status.chainId(),
                genesisHash,
                status.height()));
  }

  static void register(
      GridworkClient client,
      TxSubmitter txs,
      Address self,
      AgentConfig config,
      Agent.Offer offer,
      SortedMap<String, String> attributes) {
    List<GpuInventory> groups = offer.inventory().groups();
    Optional<ProviderInfo> registered = client.provider(self);
    if (groups.isEmpty()) {
      if (registered.isPresent()) {
        return;
      }
      throw new AgentStartException(
          offer.cpuOnlyReason().orElse("no GPU")
              + "; the ledger registers providers with at least one GPU, so "
              + self
              + " cannot register. Run on a machine with an NVIDIA GPU, or pass --simulate-gpus"
              + " rtx4090:1 for a devnet");
    }
    long stake;
    if (registered.isEmpty()) {
      stake = config.stake();
    } else if (sameRegistration(registered.get(), groups, config, attributes)) {
      return;
    } else {
      stake = 0;
    }
    SubmitResult result =
        txs.submit(
            new RegisterProvider(
                groups, config.region(), config.tier().wireName(), attributes, stake));
    if (result instanceof SubmitResult.Rejected rejected) {
      throw new AgentStartException(
          "the node refused to register "
              + self
              + ": "
              + rejected.code()
              + " "
              + rejected.message());
    }
    TxStatus committed = client.awaitCommitted(result.hash(), REGISTER_WAIT);
    if (!committed.commit().ok()) {
      throw new AgentStartException(
          "registering "
              + self
              + " as a provider failed: "
              + committed.commit().code()
              + " "
              + committed.commit().message());
    }
    LOG.info(
        "{} provider {} with {} (stake bonded now: {} ugrid)",
        registered.isEmpty() ? "registered" : "updated",
        self,
        groups,
        stake);
  }

  private static boolean sameRegistration(
      ProviderInfo p,
      List<GpuInventory> groups,
      AgentConfig config,
      SortedMap<String, String> attributes) {
    List<GpuInventory> registered =
        p.gpus().stream().map(g -> new GpuInventory(g.model(), g.vramMib(), g.count())).toList();
    return registered.equals(groups)
        && p.region().equals(config.region())
        && p.tier() == config.tier()
        && new TreeMap<>(p.attributes()).equals(attributes);
  }

  /** The cards the agent's status shows. */
  static List<AgentState.GpuView> views(Inventory inventory) {
    List<AgentState.GpuView> out = new ArrayList<>();
    for (GpuDevice d : inventory.devices()) {
      out.add(
          new AgentState.GpuView(
              d.index(),
              d.name(),
              d.memoryTotalMib(),
              d.powerLimitMilliwatts().orElse(0),
              d.simulated()));
    }
    return out;
  }
}
