package io.gridwork.agent.bidding;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.agent.daemon.AgentConfig;
import io.gridwork.agent.gpu.Inventory;
import io.gridwork.agent.gpu.SimulatedGpus;
import io.gridwork.agent.pricing.PricingConfig;
import io.gridwork.agent.pricing.PricingPolicy;
import io.gridwork.agent.service.ServicePorts;
import io.gridwork.agent.work.Runtimes;
import io.gridwork.api.JobInfo;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.JobStatus;
import io.gridwork.protocol.spec.ContainerWorkload;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.tx.PlaceBid;
import io.gridwork.testkit.JobSpecBuilder;
import io.gridwork.testkit.TestKeys;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/** The bid engine's filters and sizing, on jobs as the client returns them. */
class BidEngineTest {
  private static final String RTX_4090 = "NVIDIA GeForce RTX 4090";
  private static final long GRID = 1_000_000;
  private static final long HEIGHT = 10;
  private static final ToIntFunction<String> ALL_FREE = model -> 2;

  private static BidEngine engine(Map<String, Object> settings, Optional<String> noContainers) {
    return engine(settings, noContainers, new ServicePorts());
  }

  private static BidEngine engine(
      Map<String, Object> settings, Optional<String> noContainers, ServicePorts ports) {
    return engine(settings, noContainers, ports, Optional.empty());
  }

  private static BidEngine engine(
      Map<String, Object> settings,
      Optional<String> noContainers,
      ServicePorts ports,
      Optional<String> noNetwork) {
    Map<String, Object> all =
        new HashMap<>(Map.of("simulateGpus", "rtx4090:2", "region", "eu-west"));
    all.putAll(settings);
    AgentConfig config = AgentConfig.parse(Path.of("/tmp/agent-home"), "", all);
    Inventory inventory = Inventory.of(SimulatedGpus.parse(config.simulateGpus()));
    TreeMap<String, String> attributes = new TreeMap<>(config.attributes());
    attributes.putAll(inventory.attributes());
    PricingConfig pricing =
        new PricingConfig(
            GpuNames.priceTable(config, inventory), config.electricityPerKwh(), config.marginBps());
    return new BidEngine(
        inventory,
        attributes,
        config,
        new PricingPolicy(inventory, pricing),
        new Runtimes(null, null, () -> noContainers, noNetwork, config, inventory, new TreeMap<>()),
        ports);
  }

  private static BidEngine engine() {
    return engine(Map.of(), Optional.of("no Docker engine answers"));
  }

  private static JobInfo open(JobSpec spec) {
    int units = spec.isBatch() ? spec.units() : 0;
    return new JobInfo(
        Hash.sha256(spec.name().getBytes(StandardCharsets.UTF_8)),
        TestKeys.key("bid-engine-buyer").address(),
        spec.name(),
        spec.isBatch() ? "batch" : "service",
        JobStatus.OPEN,
        null,
        1,
        0,
        HEIGHT + 5,
        0,
        spec.pricing().deposit(),
        spec.pricing().deposit(),
        0,
        spec.isBatch() ? new JobInfo.Units(units, units, 0, 0) : null,
        spec);
  }

  private static final ContainerWorkload ALPINE =
      new ContainerWorkload("alpine:3", List.of("true"), List.of(), new TreeMap<>());

  private static JobSpecBuilder batch() {
    return JobSpecBuilder.batch(100, GRID, 100 * GRID).allowSimulated();
  }

  private static BidEngine.Decision.Skip skipped(BidEngine.Decision decision) {
    assertThat(decision).isInstanceOf(BidEngine.Decision.Skip.class);
    return (BidEngine.Decision.Skip) decision;
  }

  private static BidEngine.Decision.Bid bid(BidEngine.Decision decision) {
    assertThat(decision).isInstanceOf(BidEngine.Decision.Bid.class);
    return (BidEngine.Decision.Bid) decision;
  }

  @Test
  void jobAskingForAModelTheProviderLacksGetsNoBid() {
    JobSpec spec = batch().gpus(1, "NVIDIA A100-SXM4-80GB").build();

    BidEngine.Decision decision = engine().decide(open(spec), HEIGHT, false, ALL_FREE);

    assertThat(skipped(decision).reason()).isEqualTo("NO_ACCEPTABLE_GPU");
  }

  @Test
  void jobNeedingMoreMemoryThanTheCardsHaveGetsNoBid() {
    JobSpec spec = batch().minVramMib(40_000).build();

    BidEngine.Decision decision = engine().decide(open(spec), HEIGHT, false, ALL_FREE);

    assertThat(skipped(decision).reason()).isEqualTo("NO_ACCEPTABLE_GPU");
  }

  @Test
  void jobRefusingSimulatedGpusGetsNoBid() {
    JobSpec spec = JobSpecBuilder.batch(4, GRID, 4 * GRID).build();

    BidEngine.Decision decision = engine().decide(open(spec), HEIGHT, false, ALL_FREE);

    assertThat(skipped(decision).reason()).isEqualTo("SIMULATED_NOT_ALLOWED");
  }

  @Test
  void jobInAnotherRegionGetsNoBid() {
    JobSpec spec = batch().region("us-east").build();

    BidEngine.Decision decision = engine().decide(open(spec), HEIGHT, false, ALL_FREE);

    assertThat(skipped(decision).reason()).isEqualTo("REGION_MISMATCH");
  }

  @Test
  void jobRequiringAnAttributeTheProviderLacksGetsNoBid() {
    JobSpec spec = batch().attribute("datacenter", "fra1").build();

    BidEngine.Decision decision = engine().decide(open(spec), HEIGHT, false, ALL_FREE);

    assertThat(skipped(decision).reason()).isEqualTo("ATTRIBUTE_MISMATCH");
  }

  @Test
  void jobPayingLessThanTheElectricityFloorGetsNoBid() {
    JobSpec spec = batch().maxPrice(10).build();

    BidEngine.Decision decision = engine().decide(open(spec), HEIGHT, false, ALL_FREE);

    assertThat(skipped(decision).reason()).isEqualTo("CEILING_BELOW_FLOOR");
  }

  @Test
  void askBelowTheElectricityFloorIsRaisedToIt() {
    // 450 W x 0.15 GRID/kWh x 1.2 = 81,000 ugrid per GPU-hour; one 60 s unit costs 1,350.
    BidEngine engine = engine(Map.of("defaultPrice", 1), Optional.empty());

    BidEngine.Decision decision = engine.decide(open(batch().build()), HEIGHT, false, ALL_FREE);

    assertThat(bid(decision).body().price()).isEqualTo(1_350);
    assertThat(bid(decision).summary())
        .startsWith("bid 0.00135GRID per unit (")
        .contains("floor 0.00135GRID");
  }

  @Test
  void bidOffersUnitsPerGpuForEveryFreeSetOfCards() {
    BidEngine engine = engine(Map.of("unitsPerGpu", 3), Optional.empty());

    BidEngine.Decision decision = engine.decide(open(batch().build()), HEIGHT, false, ALL_FREE);

    assertThat(bid(decision).body().maxUnits()).isEqualTo(6);
    assertThat(bid(decision).body().gpuModel()).isEqualTo(RTX_4090);
  }

  @Test
  void jobWhoseCardsAreAllBusyGetsNoBid() {
    BidEngine.Decision decision =
        engine().decide(open(batch().gpus(2).build()), HEIGHT, false, model -> 1);

    assertThat(skipped(decision).reason()).isEqualTo("NO_FREE_CAPACITY");
  }

  @Test
  void jobAlreadyBidOnGetsNoSecondBid() {
    BidEngine.Decision decision = engine().decide(open(batch().build()), HEIGHT, true, ALL_FREE);

    assertThat(skipped(decision).reason()).isEqualTo("ALREADY_BID");
  }

  private static JobSpec containerJob() {
    return batch().workload(ALPINE).build();
  }

  @Test
  void containerJobWithoutADockerEngineGetsNoBid() {
    BidEngine.Decision decision = engine().decide(open(containerJob()), HEIGHT, false, ALL_FREE);

    assertThat(skipped(decision).reason()).isEqualTo("NO_CONTAINER_ENGINE");
    assertThat(skipped(decision).message()).contains("no Docker engine answers");
  }

  /** A service for any GPU exposing {@code ports}, with network access when {@code network}. */
  private static JobSpec service(boolean network, int... ports) {
    return serviceBuilder(network, ports).build();
  }

  private static JobSpecBuilder serviceBuilder(boolean network, int... ports) {
    JobSpecBuilder builder = JobSpecBuilder.service(GRID, 10 * GRID).gpus(1).allowSimulated();
    if (network) {
      builder.network();
    }
    for (int port : ports) {
      builder.expose(port, true);
    }
    return builder;
  }

  @Test
  void containerJobGetsABidWhileADockerEngineAnswers() {
    BidEngine.Decision decision =
        engine(Map.of(), Optional.empty()).decide(open(containerJob()), HEIGHT, false, ALL_FREE);

    assertThat(decision).isInstanceOf(BidEngine.Decision.Bid.class);
  }

  @Test
  void serviceGetsABidPerGpuHourAtTheTablePrice() {
    BidEngine.Decision decision =
        engine(Map.of("prices", Map.of("rtx4090", "0.30GRID")), Optional.empty())
            .decide(open(service(false)), HEIGHT, false, ALL_FREE);

    assertThat(bid(decision).body())
        .isEqualTo(new PlaceBid(open(service(false)).id(), 300_000, RTX_4090, 1, 0));
  }

  @Test
  void serviceBidNeverGoesBelowTheElectricityFloorPerHour() {
    // 450 W x 10 GRID/kWh x 1.2 = 5.4 GRID per GPU-hour, above the 1 GRID ceiling.
    BidEngine.Decision decision =
        engine(Map.of("electricityPerKwh", "10GRID"), Optional.empty())
            .decide(open(service(false)), HEIGHT, false, ALL_FREE);

    assertThat(skipped(decision).reason()).isEqualTo("CEILING_BELOW_FLOOR");
  }

  @Test
  void serviceExposingAPortBusyOnTheHostIsSkipped() throws IOException {
    try (ServerSocket busy = new ServerSocket(0)) {
      BidEngine.Decision decision =
          engine().decide(open(service(true, busy.getLocalPort())), HEIGHT, false, ALL_FREE);

      assertThat(skipped(decision).reason()).isEqualTo("PORT_UNAVAILABLE");
      assertThat(skipped(decision).message()).contains("in use on this host");
    }
  }

  @Test
  void serviceExposingAPrivilegedPortIsSkipped() {
    BidEngine.Decision decision = engine().decide(open(service(true, 80)), HEIGHT, false, ALL_FREE);

    assertThat(skipped(decision).reason()).isEqualTo("PORT_UNAVAILABLE");
  }

  @Test
  void jobAskingForNetworkGetsNoBidWhereUnitsCannotHaveANetworkOfTheirOwn() {
    BidEngine.Decision decision =
        engine(
                Map.of(),
                Optional.empty(),
                new ServicePorts(),
                Optional.of("a unit with network access needs slirp4netns"))
            .decide(open(service(true)), HEIGHT, false, ALL_FREE);

    assertThat(skipped(decision).reason()).isEqualTo("NO_NETWORK_SANDBOX");
    assertThat(skipped(decision).message()).contains("needs slirp4netns");
  }

  @Test
  void jobWithoutNetworkIsBidOnWhereUnitsCannotHaveANetworkOfTheirOwn() {
    BidEngine.Decision decision =
        engine(Map.of(), Optional.empty(), new ServicePorts(), Optional.of("no slirp4netns"))
            .decide(open(service(false)), HEIGHT, false, ALL_FREE);

    assertThat(decision).isInstanceOf(BidEngine.Decision.Bid.class);
  }

  @Test
  void serviceExposingAPortWithoutNetworkIsSkipped() {
    BidEngine.Decision decision =
        engine().decide(open(service(false, 18_080)), HEIGHT, false, ALL_FREE);

    assertThat(skipped(decision).reason()).isEqualTo("EXPOSE_NEEDS_NETWORK");
  }

  /** {@link #service} running an image instead of a command. */
  private static JobSpec containerService(boolean network, int... ports) {
    return serviceBuilder(network, ports).workload(ALPINE).build();
  }

  @Test
  void serviceRunningAContainerImageGetsABidWhileADockerEngineAnswers() {
    BidEngine.Decision decision =
        engine(Map.of(), Optional.empty())
            .decide(open(containerService(true, 18_081)), HEIGHT, false, ALL_FREE);

    assertThat(decision).isInstanceOf(BidEngine.Decision.Bid.class);
  }

  @Test
  void serviceRunningAContainerImageWithoutAnEngineIsSkipped() {
    BidEngine.Decision decision =
        engine().decide(open(containerService(true)), HEIGHT, false, ALL_FREE);

    assertThat(skipped(decision).reason()).isEqualTo("NO_CONTAINER_ENGINE");
  }

  @Test
  void serviceExposingAPortPromisedToAPendingBidIsSkipped() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    ServicePorts ports = new ServicePorts();
    assertThat(ports.reserve(open(service(true, port)).id(), List.of(port))).isEmpty();
    JobSpec competing =
        JobSpecBuilder.service(GRID, 10 * GRID)
            .name("second")
            .gpus(1)
            .allowSimulated()
            .network()
            .expose(port, true)
            .build();

    BidEngine.Decision decision =
        engine(Map.of(), Optional.empty(), ports).decide(open(competing), HEIGHT, false, ALL_FREE);

    assertThat(skipped(decision).reason()).isEqualTo("PORT_UNAVAILABLE");
    assertThat(skipped(decision).message()).contains("pending bid");
  }
}
