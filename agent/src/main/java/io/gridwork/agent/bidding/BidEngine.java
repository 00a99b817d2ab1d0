package io.gridwork.agent.bidding;

import io.gridwork.agent.daemon.AgentConfig;
import io.gridwork.agent.gpu.Inventory;
import io.gridwork.agent.pricing.Order;
import io.gridwork.agent.pricing.PricingPolicy;
import io.gridwork.agent.pricing.QuoteResult;
import io.gridwork.agent.service.ServicePorts;
import io.gridwork.agent.work.Runtimes;
import io.gridwork.agent.work.WorkloadRuntime;
import io.gridwork.api.JobInfo;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.market.GpuModels;
import io.gridwork.protocol.market.JobStatus;
import io.gridwork.protocol.market.PlacementMismatch;
import io.gridwork.protocol.spec.ExposedPort;
import io.gridwork.protocol.spec.GpuRequest;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.spec.Placement;
import io.gridwork.protocol.spec.SlaTier;
import io.gridwork.protocol.tx.GpuInventory;
import io.gridwork.protocol.tx.PlaceBid;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Decides whether this provider bids on a job and with what: the same placement and GPU rules the
 * ledger applies to bids (so no collateral is spent on a bid the ledger would refuse), this
 * machine's free capacity, and the pricing policy. Every refusal carries a reason code and a
 * sentence for {@code gridwork agent status}.
 *
 * <p>Immutable; capacity is asked for on each decision.
 */
public final class BidEngine {

  /** The engine's answer for one job. */
  sealed interface Decision {
    /** Bid with {@code body}; {@code summary} says what was offered. */
    record Bid(PlaceBid body, String summary) implements Decision {}

    /** Let the job pass; {@code reason} is a {@link SkipReason} or a pricing refusal's name. */
    record Skip(String reason, String message) implements Decision {}
  }

  private final Inventory inventory;
  private final SortedMap<String, String> attributes;
  private final String region;
  private final SlaTier tier;
  private final PricingPolicy pricing;
  private final long defaultPrice;
  private final long estimatedUnitSeconds;
  private final int unitsPerGpu;
  private final int maxConcurrentUnits;
  private final Runtimes runtimes;
  private final ServicePorts servicePorts;

  /**
   * @param attributes the provider's registered attributes, including {@code simulated=true}
   * @param runtimes where workloads run, asked at every decision whether the job's can run here
   *     now, since a container engine may start or stop while the agent runs
   * @param servicePorts the ports this agent's services hold, asked on each service decision
   */
  public BidEngine(
      Inventory inventory,
      SortedMap<String, String> attributes,
      AgentConfig config,
      PricingPolicy pricing,
      Runtimes runtimes,
      ServicePorts servicePorts) {
    this.inventory = inventory;
    this.attributes = attributes;
    this.region = config.region();
    this.tier = config.tier();
    this.pricing = pricing;
    this.defaultPrice = config.defaultPrice();
    this.estimatedUnitSeconds = config.estimatedUnitSeconds();
    this.unitsPerGpu = config.unitsPerGpu();
    this.maxConcurrentUnits = config.maxConcurrentUnits();
    this.runtimes = runtimes;
    this.servicePorts = servicePorts;
  }

  /**
   * @param job the job with its spec
   * @param height the chain height the decision is made at
   * @param alreadyInvolved true when this provider already bid on or held a lease of the job
   * @param freeGpus free cards of a model name, after active leases and pending bids
   */
  Decision decide(
      JobInfo job, long height, boolean alreadyInvolved, ToIntFunction<String> freeGpus) {
    JobSpec spec = job.spec();
    if (job.status() != JobStatus.OPEN || job.biddingClosesAt() <= height) {
      return skip(SkipReason.NOT_TAKING_BIDS, "job is " + job.status() + " and takes no bids");
    }
    if (alreadyInvolved) {
      return skip(
          SkipReason.ALREADY_BID, "this provider already bid on or held a lease of the job");
    }
    WorkloadRuntime runtime = runtimes.of(spec);
    Optional<String> engineMissing = runtime.engineMissing();
    if (engineMissing.isPresent()) {
      return skip(SkipReason.NO_CONTAINER_ENGINE, engineMissing.get());
    }
    Optional<String> networkMissing = runtime.networkMissing();
    if (networkMissing.isPresent()) {
      return skip(SkipReason.NO_NETWORK_SANDBOX, networkMissing.get());
    }
    Optional<Decision.Skip> placement = placement(spec.placement());
    if (placement.isPresent()) {
      return placement.get();
    }
    if (!spec.isBatch()) {
      return service(job, freeGpus);
    }
    int pending = job.units() == null ? 0 : job.units().pending();
    if (pending <= 0) {
      return skip(SkipReason.NO_UNITS_LEFT, "every unit of the job is leased or done");
    }
    GpuRequest wanted = spec.resources().gpu();
    if (wanted.count() == 0) {
      return cpuBid(job, pending);
    }
    return gpuBid(
        wanted,
        freeGpus,
        group -> batchBid(job, wanted, pending, group, freeGpus.applyAsInt(group.model())));
  }

  /**
   * A service is one lease on the cards of one run, paid per GPU-hour (a CPU-only service as one
   * card) for as long as it is live; its exposed ports are published on the same ports of this
   * host, so they must be free here, not promised to another bid, and reachable, which takes a
   * network: the sandbox's own, forwarded, for a process, a bridge for a container.
   */
  private Decision service(JobInfo job, ToIntFunction<String> freeGpus) {
    JobSpec spec = job.spec();
    if (!spec.expose().isEmpty() && !spec.network()) {
      return skip(
          SkipReason.EXPOSE_NEEDS_NETWORK,
          "the service exposes ports but sets network: false; a port is reachable only through"
              + " a network");
    }
    for (ExposedPort exposed : spec.expose()) {
      Optional<String> problem = servicePorts.unavailable(exposed.port());
      if (problem.isPresent()) {
        return skip(SkipReason.PORT_UNAVAILABLE, "the service exposes " + problem.get());
      }
    }
    GpuRequest wanted = spec.resources().gpu();
    long ceiling = spec.pricing().maxPricePerGpuHour();
    if (wanted.count() == 0) {
      if (defaultPrice > ceiling) {
        return skip(
            SkipReason.CEILING_BELOW_PRICE,
            "the service pays at most "
                + Amount.format(ceiling)
                + " per hour, this provider asks "
                + Amount.format(defaultPrice)
                + " for a CPU-only service");
      }
      return new Decision.Bid(
          new PlaceBid(job.id(), defaultPrice, "", 0, 0),
          "bid " + Amount.format(defaultPrice) + " per hour for a CPU-only service");
    }
    return gpuBid(
        wanted,
        freeGpus,
        group -> {
          Order.Service order =
              new Order.Service(job.id().toHex(), group.model(), wanted.count(), ceiling);
          return switch (pricing.quote(order)) {
            case QuoteResult.Quote quote ->
                new Decision.Bid(
                    new PlaceBid(job.id(), quote.price(), group.model(), wanted.count(), 0),
                    "bid "
                        + Amount.format(quote.price())
                        + " per GPU-hour ("
                        + quote.source().name().toLowerCase(Locale.ROOT)
                        + " price, floor "
                        + Amount.format(quote.floor())
                        + ") for a service on "
                        + wanted.count()
                        + " x "
                        + group.model());
            case QuoteResult.Refusal refusal ->
                new Decision.Skip(refusal.reason().name(), refusal.message());
          };
        });
  }

  private Optional<Decision.Skip> placement(Placement placement) {
    return PlacementMismatch.first(placement, region, tier, attributes)
        .map(
            mismatch ->
                switch (mismatch) {
                  case PlacementMismatch.Region r ->
                      skip(
                          SkipReason.REGION_MISMATCH,
                          "the job runs only in "
                              + String.join(", ", r.regions())
                              + " and this provider is in "
                              + r.has());
                  case PlacementMismatch.Tier t ->
                      skip(
                          SkipReason.TIER_TOO_LOW,
                          "the job needs tier "
                              + t.wanted().wireName()
                              + ", this provider is "
                              + t.has().wireName());
                  case PlacementMismatch.Attribute at ->
                      skip(
                          SkipReason.ATTRIBUTE_MISMATCH,
                          "the job requires "
                              + at.key()
                              + "="
                              + at.wanted()
                              + (at.has() == null
                                  ? ", this provider has none"
                                  : ", this provider has " + at.has()));
                  case PlacementMismatch.Simulated sim ->
                      skip(
                          SkipReason.SIMULATED_NOT_ALLOWED,
                          "the job does not accept simulated GPUs and this provider's are"
                              + " simulated");
                });
  }

  /**
   * This machine's GPU groups of a model the job accepts with enough memory per card, whether or
   * not enough of them are free: what the ledger checks a bid against, and what an audit of the job
   * may run on.
   */
  public List<GpuInventory> acceptableGroups(GpuRequest wanted) {
    List<GpuInventory> out = new ArrayList<>();
    for (GpuInventory group : inventory.groups()) {
      if (!GpuModels.accepts(wanted, group.model()) || group.vramMib() < wanted.minVramMib()) {
        continue;
      }
      out.add(group);
    }
    return out;
  }

  /**
   * The cheapest of the bids {@code priced} makes on each acceptable group with enough free cards;
   * a skip saying what is missing when there is none.
   */
  private Decision gpuBid(
      GpuRequest wanted, ToIntFunction<String> freeGpus, Function<GpuInventory, Decision> priced) {
    Decision best = null;
    String busy = null;
    for (GpuInventory group : acceptableGroups(wanted)) {
      int free = freeGpus.applyAsInt(group.model());
      if (free < wanted.count()) {
        busy = free + " of " + group.count() + " " + group.model() + " free";
        continue;
      }
      Decision candidate = priced.apply(group);
      if (best == null
          || best instanceof Decision.Skip
          || (candidate instanceof Decision.Bid c
              && best instanceof Decision.Bid b
              && c.body().price() < b.body().price())) {
        best = candidate;
      }
    }
    if (best != null) {
      return best;
    }
    if (busy != null) {
      return skip(
          SkipReason.NO_FREE_CAPACITY,
          "the job needs " + wanted.count() + " GPU(s) per unit and only " + busy);
    }
    return skip(
        SkipReason.NO_ACCEPTABLE_GPU,
        "the job needs "
            + wanted.count()
            + " x "
            + (wanted.models().isEmpty() ? "any GPU" : String.join(" or ", wanted.models()))
            + (wanted.minVramMib() > 0 ? " with " + wanted.minVramMib() + " MiB" : "")
            + " and this provider has "
            + (inventory.groups().isEmpty() ? "no GPU" : describe(inventory)));
  }

  private Decision batchBid(
      JobInfo job, GpuRequest wanted, int pending, GpuInventory group, int free) {
    int sets = free / wanted.count();
    int maxUnits = (int) Math.min(pending, (long) sets * unitsPerGpu);
    Order.Batch order =
        new Order.Batch(
            job.id().toHex(),
            group.model(),
            wanted.count(),
            job.units().total(),
            estimatedUnitSeconds,
            job.spec().pricing().maxPricePerUnit());
    return switch (pricing.quote(order)) {
      case QuoteResult.Quote quote ->
          new Decision.Bid(
              new PlaceBid(job.id(), quote.price(), group.model(), wanted.count(), maxUnits),
              "bid "
                  + Amount.format(quote.price())
                  + " per unit ("
                  + quote.source().name().toLowerCase(Locale.ROOT)
                  + " price, floor "
                  + Amount.format(quote.floor())
                  + ") for up to "
                  + maxUnits
                  + " unit(s) on "
                  + wanted.count()
                  + " x "
                  + group.model());
      case QuoteResult.Refusal refusal ->
          new Decision.Skip(refusal.reason().name(), refusal.message());
    };
  }

  /**
   * A CPU-only unit has no power limit to build an electricity floor from, so it is priced at the
   * default GPU-hour price for the estimated unit time: one CPU job counts as one card's time.
   */
  private Decision cpuBid(JobInfo job, int pending) {
    long price =
        Math.max(1, Math.ceilDiv(Math.multiplyExact(defaultPrice, estimatedUnitSeconds), 3600));
    long ceiling = job.spec().pricing().maxPricePerUnit();
    if (price > ceiling) {
      return skip(
          SkipReason.CEILING_BELOW_PRICE,
          "the job pays at most "
              + Amount.format(ceiling)
              + " per unit, this provider asks "
              + Amount.format(price));
    }
    int maxUnits = (int) Math.min(pending, (long) maxConcurrentUnits * unitsPerGpu);
    return new Decision.Bid(
        new PlaceBid(job.id(), price, "", 0, maxUnits),
        "bid " + Amount.format(price) + " per unit for up to " + maxUnits + " CPU unit(s)");
  }

  private static String describe(Inventory inventory) {
    StringBuilder text = new StringBuilder();
    for (GpuInventory g : inventory.groups()) {
      if (!text.isEmpty()) {
        text.append(", ");
      }
      text.append(g.count())
          .append(" x ")
          .append(g.model())
          .append(" (")
          .append(g.vramMib())
          .append(" MiB)");
    }
    return text.toString();
  }

  private static Decision.Skip skip(SkipReason reason, String message) {
    return new Decision.Skip(reason.name(), message);
  }
}
