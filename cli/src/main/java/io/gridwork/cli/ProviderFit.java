package io.gridwork.cli;

import io.gridwork.api.LeaseInfo;
import io.gridwork.api.ProviderInfo;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.market.GpuModels;
import io.gridwork.protocol.market.PlacementMismatch;
import io.gridwork.protocol.market.ProviderStatus;
import io.gridwork.protocol.spec.GpuRequest;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.spec.Placement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Whether a registered provider could win a job, constraint by constraint in the order the ledger
 * checks a bid ({@code io.gridwork.chain.market.BidRules}): the same predicates ({@link GpuModels},
 * {@link PlacementMismatch}) over the provider and lease views a node serves.
 */
final class ProviderFit {
  /** The constraints, in the order they are checked; the first a provider fails excludes it. */
  enum Constraint {
    INACTIVE("inactive or under-staked"),
    IS_BUYER("is the buyer itself"),
    GPU_MODEL("GPU model"),
    VRAM("GPU memory (VRAM)"),
    GPU_COUNT("GPUs per machine"),
    REGION("region"),
    TIER("tier"),
    ATTRIBUTES("required attributes"),
    SIMULATED("simulated GPUs not allowed"),
    CAPACITY("capacity (GPUs busy in leases)"),
    PRICE("price ceiling");

    final String label;

    Constraint(String label) {
      this.label = label;
    }
  }

  private ProviderFit() {}

  /**
   * The provider's models (normalized) that the job accepts, with how many cards of each have
   * enough memory.
   */
  static Map<String, Integer> eligibleCards(ProviderInfo provider, GpuRequest wanted) {
    Map<String, Integer> cards = new TreeMap<>();
    for (ProviderInfo.Gpu g : provider.gpus()) {
      String model = GpuModels.normalize(g.model());
      if (GpuModels.accepts(wanted, model) && g.vramMib() >= wanted.minVramMib()) {
        cards.merge(model, g.count(), Math::addExact);
      }
    }
    return cards;
  }

  /**
   * The first constraint that keeps {@code provider} from winning the job, or empty when it could.
   * {@code lowestPrice} gives the lowest price seen for a normalized model on other jobs of the
   * same kind, empty when unknown; an unknown price does not exclude a provider.
   */
  static Optional<Constraint> firstFailure(
      JobSpec spec,
      Address buyer,
      ProviderInfo provider,
      List<LeaseInfo> activeLeases,
      Function<String, Optional<Long>> lowestPrice) {
    if (provider.status() != ProviderStatus.ACTIVE) {
      return Optional.of(Constraint.INACTIVE);
    }
    if (provider.address().equals(buyer)) {
      return Optional.of(Constraint.IS_BUYER);
    }
    GpuRequest wanted = spec.resources().gpu();
    Map<String, Integer> cards = eligibleCards(provider, wanted);
    if (wanted.count() > 0) {
      if (provider.gpus().stream().noneMatch(g -> GpuModels.accepts(wanted, g.model()))) {
        return Optional.of(Constraint.GPU_MODEL);
      }
      if (cards.isEmpty()) {
        return Optional.of(Constraint.VRAM);
      }
      if (cards.values().stream().allMatch(n -> n < wanted.count())) {
        return Optional.of(Constraint.GPU_COUNT);
      }
    }
    Optional<Constraint> placement = placement(spec.placement(), provider);
    if (placement.isPresent()) {
      return placement;
    }
    Set<String> usable = new LinkedHashSet<>();
    if (wanted.count() == 0) {
      usable.add("");
    } else {
      Map<String, Integer> busy = new TreeMap<>();
      for (LeaseInfo lease : activeLeases) {
        busy.merge(GpuModels.normalize(lease.gpuModel()), lease.gpuCount(), Math::addExact);
      }
      cards.forEach(
          (model, count) -> {
            if (count - busy.getOrDefault(model, 0) >= wanted.count()) {
              usable.add(model);
            }
          });
      if (usable.isEmpty()) {
        return Optional.of(Constraint.CAPACITY);
      }
    }
    long ceiling =
        spec.isBatch() ? spec.pricing().maxPricePerUnit() : spec.pricing().maxPricePerGpuHour();
    boolean affordable =
        usable.stream().anyMatch(m -> lowestPrice.apply(m).map(p -> p <= ceiling).orElse(true));
    return affordable ? Optional.empty() : Optional.of(Constraint.PRICE);
  }

  private static Optional<Constraint> placement(Placement placement, ProviderInfo provider) {
    return PlacementMismatch.first(
            placement, provider.region(), provider.tier(), provider.attributes())
        .map(
            mismatch ->
                switch (mismatch) {
                  case PlacementMismatch.Region r -> Constraint.REGION;
                  case PlacementMismatch.Tier t -> Constraint.TIER;
                  case PlacementMismatch.Attribute at -> Constraint.ATTRIBUTES;
                  case PlacementMismatch.Simulated sim -> Constraint.SIMULATED;
                });
  }
}
