package io.gridwork.agent.daemon;

import io.gridwork.agent.bidding.BidEngine;
import io.gridwork.agent.gpu.Inventory;
import io.gridwork.agent.pricing.PricingPolicy;
import io.gridwork.agent.runtime.ContainerConfig;
import io.gridwork.agent.runtime.ContainerRunner;
import io.gridwork.agent.service.ServicePorts;
import io.gridwork.agent.state.AgentState;
import io.gridwork.agent.work.Runtimes;
import io.gridwork.agent.work.StillWanted;
import io.gridwork.agent.work.TxSubmitter;
import io.gridwork.api.ChainParams;
import io.gridwork.api.NodeStatus;
import io.gridwork.client.GridworkClient;
import io.gridwork.protocol.crypto.KeyPair;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Builds a running {@link Agent} from its settings: checks the saved state against the node's
 * chain, registers the provider, opens the state and the runtimes, and wires the parts together, so
 * that {@link Agent} holds only what runs.
 */
final class AgentStart {
  private AgentStart() {}

  static Agent start(
      AgentConfig config,
      Path home,
      KeyPair key,
      Agent.Offer offer,
      Optional<Path> gridworkJar,
      WorkDirLock lock,
      ResultPolicy policy,
      Clock clock) {
    GridworkClient client = new GridworkClient(config.nodeUrl());
    NodeStatus status = client.status();
    String genesisHash =
        client
            .block(0)
            .map(b -> b.hash().toHex())
            .orElseThrow(
                () ->
                    new AgentStartException(
                        "the node at " + config.nodeUrl() + " has no genesis block yet"));
    Registration.checkSavedState(config, home, status, genesisHash);
    ChainParams params = client.params();
    long fee = params.minFee();
    TxSubmitter txs = new TxSubmitter(client, key, status.chainId(), fee, new StillWanted(client));
    SortedMap<String, String> attributes = Registration.attributes(config, offer);
    Registration.register(client, txs, key.address(), config, offer, attributes);
    Inventory inventory = offer.inventory();
    ServicePorts servicePorts = new ServicePorts();
    AgentState state =
        AgentState.open(
            config.workDir(),
            key.address().toString(),
            config.nodeUrl(),
            status.chainId(),
            genesisHash,
            status.height(),
            Registration.views(inventory),
            offer.cpuOnlyReason().orElse(null),
            config.electricityPerKwh(),
            clock.millis());
    ContainerRunner containers =
        new ContainerRunner(ContainerConfig.forAgent(config.docker(), home));
    ContainerEngineWatch containerEngine =
        ContainerEngineWatch.start(
            containers,
            Duration.ofSeconds(config.containerProbeSeconds()),
            seen ->
                state.containerEngine(
                    new AgentState.ContainerEngine(seen.answers(), seen.detail(), clock.millis()),
                    clock.millis()));
    Runtimes runtimes =
        Runtimes.forAgent(
            config, home, gridworkJar, inventory, containers, containerEngine::problem);
    BidEngine engine =
        new BidEngine(
            inventory,
            attributes,
            config,
            new PricingPolicy(inventory, Registration.pricing(config, inventory)),
            runtimes,
            servicePorts);
    Agent agent;
    try {
      agent =
          new Agent(
              config,
              client,
              key,
              inventory,
              state,
              txs,
              engine,
              runtimes,
              containerEngine,
              lock,
              policy,
              params.liveness().heartbeatIntervalBlocks(),
              servicePorts,
              clock);
    } catch (RuntimeException e) {
      containerEngine.close();
      throw e;
    }
    try {
      agent.resume(status.height());
    } catch (RuntimeException e) {
      agent.close();
      throw e;
    }
    return agent;
  }
}
